namespace Interop.Standards.Policies;

/// <summary>A policy's allow-list as a tree: an element is kept whole, kept in part (some children), or removed.</summary>
internal sealed class AllowTree
{
    public bool AllowAll { get; set; }

    public Dictionary<string, AllowTree> Children { get; } = new(StringComparer.Ordinal);

    /// <summary>For <c>extension</c> and <c>modifierExtension</c>: the extension urls allowed.</summary>
    public Dictionary<string, AllowTree> ExtensionUrls { get; } = new(StringComparer.Ordinal);

    /// <summary>Adds one allow-list path; returns an error when it is not of the form the engine reads.</summary>
    public static string? Add(AllowTree root, IReadOnlyList<string> segments)
    {
        var node = root;
        foreach (var segment in segments)
        {
            if (node.AllowAll)
            {
                return null;
            }

            var open = segment.IndexOf('(', StringComparison.Ordinal);
            if (open >= 0)
            {
                var name = segment[..open];
                if (name is not ("extension" or "modifierExtension") || !segment.EndsWith("')", StringComparison.Ordinal) || segment[open + 1] != '\'')
                {
                    return $"'{segment}' must be extension('url') or modifierExtension('url')";
                }

                var url = segment[(open + 2)..^2];
                var holder = node.Child(name);
                node = holder.ExtensionUrls.TryGetValue(url, out var ext) ? ext : holder.ExtensionUrls[url] = new AllowTree();
                continue;
            }

            node = node.Child(segment);
        }

        node.AllowAll = true;
        node.Children.Clear();
        node.ExtensionUrls.Clear();
        return null;
    }

    /// <summary>Splits <c>Patient.address.extension('https://a.b/c')</c> on the dots outside quotes.</summary>
    public static List<string> Split(string path)
    {
        var segments = new List<string>();
        var start = 0;
        var quoted = false;
        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] == '\'')
            {
                quoted = !quoted;
            }
            else if (path[i] == '.' && !quoted)
            {
                segments.Add(path[start..i]);
                start = i + 1;
            }
        }

        segments.Add(path[start..]);
        return segments;
    }

    private AllowTree Child(string name) =>
        Children.TryGetValue(name, out var child) ? child : Children[name] = new AllowTree();
}
