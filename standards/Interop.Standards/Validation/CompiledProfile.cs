namespace Interop.Standards.Validation;

/// <summary>A StructureDefinition compiled into a rule tree, ready to validate instances.</summary>
internal sealed class CompiledProfile(string url, string id, string type, ElementRule root, CompiledProfile? baseProfile)
{
    public string Url { get; } = url;

    public string Id { get; } = id;

    /// <summary>The FHIR type constrained (<c>Claim</c>, <c>Extension</c>).</summary>
    public string Type { get; } = type;

    public ElementRule Root { get; } = root;

    /// <summary>The profile this one derives from, when it is one of ours; its rules apply too.</summary>
    public CompiledProfile? BaseProfile { get; } = baseProfile;
}
