using Hl7.Fhir.Model;

namespace Interop.Standards.Terminology;

/// <summary>A CodeSystem of ours, indexed by code.</summary>
internal sealed class CodeSystemEntry
{
    public CodeSystemEntry(CodeSystem resource)
    {
        Resource = resource;
        Url = resource.Url ?? "";
        Concepts = new Dictionary<string, CodeSystem.ConceptDefinitionComponent>(
            resource.CaseSensitive == false ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        Add(resource.Concept);
    }

    public CodeSystem Resource { get; }

    public string Url { get; }

    /// <summary>Every concept, hierarchies flattened. Duplicates are reported by the loader, first one kept.</summary>
    public Dictionary<string, CodeSystem.ConceptDefinitionComponent> Concepts { get; }

    public List<string> DuplicateCodes { get; } = [];

    /// <summary>Whether codes are enumerated here; a <c>not-present</c> system accepts any code.</summary>
    public bool IsEnumerated => Resource.Content is CodeSystemContentMode.Complete or CodeSystemContentMode.Fragment;

    public bool Contains(string code) => !IsEnumerated || Concepts.ContainsKey(code);

    private void Add(IEnumerable<CodeSystem.ConceptDefinitionComponent> concepts)
    {
        foreach (var concept in concepts)
        {
            if (concept.Code is null)
            {
                continue;
            }

            if (!Concepts.TryAdd(concept.Code, concept))
            {
                DuplicateCodes.Add(concept.Code);
            }

            Add(concept.Concept);
        }
    }
}
