using Hl7.Fhir.Introspection;
using Hl7.Fhir.Model;

namespace Interop.Standards.Validation;

/// <summary>Answers "does this element exist in FHIR R4?" from the SDK's model classes (no base StructureDefinitions needed).</summary>
internal static class ElementModel
{
    public static ModelInspector Inspector => ModelInfo.ModelInspector;

    /// <summary>Resolves a dotted element path below a type (<c>address.extension</c> below <c>Patient</c>).</summary>
    /// <param name="typeName">The FHIR type the path starts from.</param>
    /// <param name="names">Element names; <c>value[x]</c> is written as such or as <c>value</c>.</param>
    /// <param name="error">Why the path does not resolve.</param>
    /// <returns>Whether every element exists.</returns>
    public static bool TryResolve(string typeName, IEnumerable<string> names, out string? error)
    {
        var mapping = Inspector.FindClassMapping(typeName);
        if (mapping is null)
        {
            error = $"'{typeName}' is not a FHIR R4 type";
            return false;
        }

        var walked = typeName;
        foreach (var raw in names)
        {
            var name = raw.EndsWith("[x]", StringComparison.Ordinal) ? raw[..^3] : raw;
            if (mapping is null)
            {
                error = $"'{walked}' is a choice of types; '{raw}' below it needs a type";
                return false;
            }

            var property = mapping.FindMappedElementByName(name);
            if (property is null)
            {
                error = $"'{walked}' has no element '{raw}'";
                return false;
            }

            walked += "." + raw;
            mapping = property.Choice == ChoiceType.None ? property.PropertyTypeMapping : null;
        }

        error = null;
        return true;
    }

    /// <summary>The values of a child element: none, one, or every item of a repeating element.</summary>
    public static int GetChildren(Base node, string name, List<Base> into, out bool repeats)
    {
        into.Clear();
        repeats = false;
        if (!node.TryGetValue(name, out var value) || value is null)
        {
            return 0;
        }

        if (value is Base single)
        {
            into.Add(single);
            return 1;
        }

        if (value is System.Collections.IList list)
        {
            repeats = true;
            foreach (var item in list)
            {
                if (item is Base b)
                {
                    into.Add(b);
                }
            }
        }

        return into.Count;
    }
}
