using System.Globalization;
using Hl7.Fhir.Model;
using Interop.Contracts.Mapping;

namespace Interop.Conformance.Checks;

/// <summary>Walks the FHIR resources of a mapping: every element with its path, every resource (contained and nested ones too).</summary>
internal static class FhirTree
{
    /// <summary>Every interaction that sends a resource, with a readable name: <c>item V1 / claim</c>.</summary>
    public static IEnumerable<(string Where, FhirInteraction Interaction, Resource Resource)> Sent(InboundMapping mapping) =>
        from item in mapping.Items
        from interaction in item.Interactions
        where interaction.Resource is not null
        select ($"item {item.Key} / {interaction.Purpose}", interaction, interaction.Resource!);

    /// <summary>Every element below <paramref name="root"/> (itself included), with its FHIR-style path.</summary>
    public static IEnumerable<(string Path, Base Node)> Elements(Base root, string path)
    {
        yield return (path, root);
        foreach (var (name, value) in root.EnumerateElements())
        {
            switch (value)
            {
                case Base child:
                    foreach (var element in Elements(child, $"{path}.{name}"))
                    {
                        yield return element;
                    }

                    break;
                case IEnumerable<Base> children:
                    var index = 0;
                    foreach (var child in children)
                    {
                        foreach (var element in Elements(child, string.Create(CultureInfo.InvariantCulture, $"{path}.{name}[{index}]")))
                        {
                            yield return element;
                        }

                        index++;
                    }

                    break;
            }
        }
    }

    /// <summary>Every resource of the mapping, nested ones (contained, in Parameters or Bundles) included.</summary>
    public static IEnumerable<Resource> Resources(InboundMapping mapping) =>
        Sent(mapping).SelectMany(s => Elements(s.Resource, s.Resource.TypeName)).Select(e => e.Node).OfType<Resource>();
}
