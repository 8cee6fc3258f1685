using System.Text.RegularExpressions;
using Hl7.Fhir.Model;
using Interop.Contracts.Mapping;
using Interop.Standards.Policies;
using Interop.Standards.Validation;

namespace Interop.Conformance.Checks;

/// <summary>The rules every mapping's output keeps, each returning what breaks it (nothing when it holds).</summary>
internal static partial class OutputRules
{
    /// <summary>ADP-PROFILE-01: every resource sent claims a profile and validates against it with zero errors.</summary>
    public static IEnumerable<Problem> ProfileProblems(InboundMapping mapping, IFhirValidator validator)
    {
        foreach (var (where, interaction, resource) in FhirTree.Sent(mapping))
        {
            if (string.IsNullOrEmpty(interaction.Profile))
            {
                yield return new Problem(where, $"the {resource.TypeName} claims no profile (FhirInteraction.Profile)");
                continue;
            }

            foreach (var issue in validator.Validate(resource, interaction.Profile).Errors)
            {
                yield return new Problem($"{where}: {issue.Path}", $"{issue.Message} (rule {issue.Rule}, profile {interaction.Profile})");
            }
        }
    }

    /// <summary>ADP-IDS-01: a type and id never names two different resources; item keys are unique.</summary>
    public static IEnumerable<Problem> IdProblems(InboundMapping mapping)
    {
        foreach (var key in mapping.Items.GroupBy(i => i.Key).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            yield return new Problem($"item {key}", "two items have the same key");
        }

        var seen = new Dictionary<string, (string Where, Resource Resource)>(StringComparer.Ordinal);
        foreach (var (where, _, resource) in FhirTree.Sent(mapping))
        {
            foreach (var nested in FhirTree.Elements(resource, resource.TypeName).Select(e => e.Node).OfType<Resource>().Where(r => !string.IsNullOrEmpty(r.Id)))
            {
                var id = $"{nested.TypeName}/{nested.Id}";
                if (seen.TryGetValue(id, out var first) && !first.Resource.IsExactly(nested))
                {
                    yield return new Problem($"{where}: {id}", $"{id} also names a different resource in {first.Where}");
                }
                else
                {
                    seen.TryAdd(id, (where, nested));
                }
            }
        }
    }

    /// <summary>ADP-REF-01: every reference resolves inside the mapping (by id, or by identifier for a conditional reference) or to a declared upstream.</summary>
    public static IEnumerable<Problem> ReferenceProblems(InboundMapping mapping, IReadOnlyList<string> upstream)
    {
        var resources = FhirTree.Resources(mapping).ToList();
        var ids = resources.Where(r => !string.IsNullOrEmpty(r.Id)).Select(r => $"{r.TypeName}/{r.Id}").ToHashSet(StringComparer.Ordinal);
        foreach (var (where, _, resource) in FhirTree.Sent(mapping))
        {
            foreach (var (path, node) in FhirTree.Elements(resource, resource.TypeName))
            {
                if (node is ResourceReference { Reference: { Length: > 0 } reference } && !Resolves(reference, resources, ids, upstream))
                {
                    yield return new Problem($"{where}: {path}", $"the reference '{reference}' resolves to nothing in the mapping and to no declared upstream");
                }
            }
        }
    }

    /// <summary>How many literal references the mapping's resources hold (so a pass with none says so).</summary>
    public static int ReferenceCount(InboundMapping mapping) =>
        FhirTree.Sent(mapping).SelectMany(s => FhirTree.Elements(s.Resource, s.Resource.TypeName)).Count(e => e.Node is ResourceReference { Reference.Length: > 0 });

    /// <summary>ADP-POLICY-01: every registry-bound resource is covered by a policy that removes nothing from it.</summary>
    public static IEnumerable<Problem> RegistryPolicyProblems(InboundMapping mapping, ISharingPolicies policies, string sender, string registry)
    {
        foreach (var (where, interaction, resource) in FhirTree.Sent(mapping).Where(s => s.Interaction.Destination == Destination.Registry))
        {
            var decision = policies.Apply(resource, sender, registry, interaction.PolicyInteraction);
            if (decision.PolicyId is null)
            {
                yield return new Problem(where, $"no sharing policy covers '{interaction.PolicyInteraction}' from {sender} to {registry}: nothing would be sent");
                continue;
            }

            foreach (var removed in decision.RemovedPaths)
            {
                yield return new Problem($"{where}: {removed}", $"policy {decision.PolicyId} removes {removed}: program data bound for the registry");
            }
        }
    }

    /// <summary>Whether any registry-bound resource is sent at all.</summary>
    public static bool SendsToRegistry(InboundMapping mapping) =>
        FhirTree.Sent(mapping).Any(s => s.Interaction.Destination == Destination.Registry);

    private static bool Resolves(string reference, List<Resource> resources, HashSet<string> ids, IReadOnlyList<string> upstream)
    {
        if (upstream.Any(pattern => Glob(pattern).IsMatch(reference)))
        {
            return true;
        }

        if (reference.StartsWith('#'))
        {
            return resources.Any(r => r.Id == reference[1..]);
        }

        var conditional = Conditional().Match(reference);
        if (conditional.Success)
        {
            var (type, system, value) = (conditional.Groups["type"].Value, Uri.UnescapeDataString(conditional.Groups["system"].Value), Uri.UnescapeDataString(conditional.Groups["value"].Value));
            return resources.Any(r => r.TypeName == type && Identifiers(r).Any(i => i.System == system && i.Value == value));
        }

        var relative = Relative().Match(reference);
        return relative.Success && ids.Contains(relative.Groups["id"].Value);
    }

    private static IEnumerable<Identifier> Identifiers(Resource resource) =>
        resource.EnumerateElements().Where(e => e.Key == "identifier").SelectMany(e => e.Value switch
        {
            Identifier one => [one],
            IEnumerable<Base> many => many.OfType<Identifier>(),
            _ => [],
        });

    private static Regex Glob(string pattern) =>
        new("^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    [GeneratedRegex(@"^(?<id>[A-Z][A-Za-z]+/[A-Za-z0-9\-.]{1,64})(/_history/[A-Za-z0-9\-.]{1,64})?$", RegexOptions.CultureInvariant)]
    private static partial Regex Relative();

    [GeneratedRegex(@"^(?<type>[A-Z][A-Za-z]+)\?identifier=(?<system>[^|&]*)\|(?<value>[^&]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Conditional();
}
