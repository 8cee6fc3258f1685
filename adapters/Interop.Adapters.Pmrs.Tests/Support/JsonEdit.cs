using System.Globalization;
using System.Text.Json.Nodes;

namespace Interop.Adapters.Pmrs.Tests.Support;

/// <summary>Edits a PMRS body by dot path (<c>invoices.0.items.1.quantity</c>), the way PMRS names its fields.</summary>
public static class JsonEdit
{
    /// <summary>Sets the field to <paramref name="json"/> (a JSON literal), or removes it when <paramref name="json"/> is null.</summary>
    public static JsonNode With(JsonNode root, string path, string? json)
    {
        var copy = root.DeepClone();
        var parts = path.Split('.');
        var parent = copy;
        foreach (var part in parts[..^1])
        {
            parent = int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? parent[index]! : parent[part]!;
        }

        var last = parts[^1];
        if (parent is JsonArray array)
        {
            array[int.Parse(last, CultureInfo.InvariantCulture)] = json is null ? null : JsonNode.Parse(json);
        }
        else if (json is null)
        {
            parent.AsObject().Remove(last);
        }
        else
        {
            parent[last] = JsonNode.Parse(json);
        }

        return copy;
    }
}
