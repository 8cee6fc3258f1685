using Hl7.Fhir.Model;
using Hl7.FhirPath;
using Interop.Standards.Terminology;

namespace Interop.Standards.Validation;

/// <summary>
/// The rules a profile's differential puts on one element, arranged as a tree that mirrors the resource,
/// so validation walks the instance once and only where rules are.
/// </summary>
internal sealed class ElementRule(string id, string name)
{
    /// <summary>The ElementDefinition id (<c>Organization.identifier:facility.system</c>), used in messages.</summary>
    public string Id { get; } = id;

    /// <summary>The element name as the SDK's model knows it (<c>value</c> for <c>value[x]</c>).</summary>
    public string Name { get; } = name;

    public int? Min { get; set; }

    public int? Max { get; set; }

    public DataType? Fixed { get; set; }

    public DataType? Pattern { get; set; }

    public BindingRule? Binding { get; set; }

    public List<string> Types { get; } = [];

    public List<ConstraintRule> Constraints { get; } = [];

    public List<ElementRule> Children { get; } = [];

    /// <summary>The child path whose value tells the slices apart (<c>system</c>), when the element is sliced.</summary>
    public string? Discriminator { get; set; }

    public List<ElementRule> Slices { get; } = [];

    public string? SliceName { get; init; }

    public bool HasChecks => Min is not null || Max is not null || Fixed is not null || Pattern is not null
        || Binding is not null || Types.Count > 0 || Constraints.Count > 0 || Children.Count > 0 || Slices.Count > 0;

    public ElementRule GetOrAddChild(string childName, string childId)
    {
        var child = Children.Find(c => c.Name == childName);
        if (child is null)
        {
            child = new ElementRule(childId, childName);
            Children.Add(child);
        }

        return child;
    }

    public ElementRule GetOrAddSlice(string sliceName, string sliceId)
    {
        var slice = Slices.Find(s => s.SliceName == sliceName);
        if (slice is null)
        {
            slice = new ElementRule(sliceId, Name) { SliceName = sliceName };
            Slices.Add(slice);
        }

        return slice;
    }
}

internal sealed record BindingRule(string ValueSet, BindingStrength Strength, ValueSetEntry Entry);

internal sealed record ConstraintRule(string Key, bool IsError, string Human, string Expression, CompiledExpression Compiled)
{
    /// <summary>A proof in C# that the invariant holds, tried before the FhirPath (see <see cref="InvariantShortcuts"/>).</summary>
    public Func<Base, bool>? Shortcut { get; } = InvariantShortcuts.For(Expression);
}
