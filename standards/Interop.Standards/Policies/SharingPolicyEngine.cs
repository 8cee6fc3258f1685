using Hl7.Fhir.Model;
using Interop.Standards.Validation;

namespace Interop.Standards.Policies;

/// <summary>Applies allow-list trees to deep copies of resources.</summary>
internal sealed class SharingPolicyEngine(IReadOnlyList<SharingPolicy> policies) : ISharingPolicies
{
    public IReadOnlyList<SharingPolicy> Policies { get; } = policies;

    public PolicyDecision Apply(Resource resource, string sender, string receiver, string interaction)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var policy = Policies.Where(p => p.AppliesTo(sender, receiver, interaction))
            .OrderBy(p => p.Sender == "*" ? 1 : 0)
            .FirstOrDefault();
        var type = resource.TypeName;
        if (policy is null || !policy.Resources.TryGetValue(type, out var allow))
        {
            return new PolicyDecision(policy?.Id, null, [type]);
        }

        var copy = (Resource)resource.DeepCopy();
        var removed = new List<string>();
        Filter(copy, allow, new InstancePath(type), removed);
        removed.Sort(StringComparer.Ordinal);
        return new PolicyDecision(policy.Id, copy, removed);
    }

    /// <returns>Whether anything is left of the node.</returns>
    private static bool Filter(Base node, AllowTree allow, InstancePath path, List<string> removed)
    {
        if (allow.AllowAll)
        {
            return true;
        }

        var left = false;
        foreach (var (name, value) in node.EnumerateElements().ToList())
        {
            if (!allow.Children.TryGetValue(name, out var childAllow))
            {
                node.SetValue(name, null);
                if (value is IEnumerable<Extension> extensions)
                {
                    // Name each extension removed by its url: "Patient.extension" alone would not say what was withheld.
                    removed.AddRange(extensions.Select(e => path.Child($"{name}('{e.Url}')")).Distinct());
                }
                else
                {
                    removed.Add(path.Child(name));
                }

                continue;
            }

            if (value is System.Collections.IList list)
            {
                for (var i = list.Count - 1; i >= 0; i--)
                {
                    if (list[i] is not Base item)
                    {
                        continue;
                    }

                    if (!KeepItem(name, item, i, childAllow, path, removed))
                    {
                        list.RemoveAt(i);
                    }
                }

                if (list.Count == 0)
                {
                    node.SetValue(name, null);
                }
                else
                {
                    left = true;
                }
            }
            else if (value is Base single)
            {
                if (KeepItem(name, single, -1, childAllow, path, removed))
                {
                    left = true;
                }
                else
                {
                    node.SetValue(name, null);
                }
            }
        }

        return left;
    }

    private static bool KeepItem(string name, Base item, int index, AllowTree allow, InstancePath path, List<string> removed)
    {
        if (item is Extension extension && allow.ExtensionUrls.Count > 0 && !allow.AllowAll)
        {
            if (extension.Url is { } url && allow.ExtensionUrls.TryGetValue(url, out var extensionAllow))
            {
                path.Push(name, index);
                var kept = Filter(item, extensionAllow, path, removed);
                path.Pop();
                return kept;
            }

            removed.Add(path.Child($"{name}('{extension.Url}')"));
            return false;
        }

        if (allow.AllowAll)
        {
            return true;
        }

        if (allow.Children.Count == 0)
        {
            removed.Add(path.Child(index >= 0 ? $"{name}[{index}]" : name));
            return false;
        }

        path.Push(name, index);
        var left = Filter(item, allow, path, removed);
        path.Pop();
        return left;
    }
}
