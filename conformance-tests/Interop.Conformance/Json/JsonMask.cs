using System.Text.Json.Nodes;

namespace Interop.Conformance.Json;

/// <summary>
/// A declared mask for a volatile field: a dot path where <c>*</c> matches any property or array index
/// (<c>items.*.interactions.*.resource.meta.lastUpdated</c>, <c>body.issued_at</c>). Masked fields are removed from
/// both sides before comparing, so they may differ or be absent.
/// </summary>
public static class JsonMask
{
    /// <summary>A copy of <paramref name="node"/> without the masked fields.</summary>
    /// <param name="node">The JSON.</param>
    /// <param name="masks">The masks.</param>
    /// <returns>The masked copy.</returns>
    public static JsonNode? Apply(JsonNode? node, IEnumerable<string> masks)
    {
        var copy = node?.DeepClone();
        foreach (var mask in masks)
        {
            Remove(copy, mask.Split('.'), 0);
        }

        return copy;
    }

    private static void Remove(JsonNode? node, string[] parts, int depth)
    {
        var part = parts[depth];
        var last = depth == parts.Length - 1;
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).Where(k => part == "*" || k == part).ToList())
                {
                    if (last)
                    {
                        obj.Remove(name);
                    }
                    else
                    {
                        Remove(obj[name], parts, depth + 1);
                    }
                }

                break;
            case JsonArray array:
                for (var i = array.Count - 1; i >= 0; i--)
                {
                    if (part != "*" && part != i.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    {
                        continue;
                    }

                    if (last)
                    {
                        array[i] = null;
                    }
                    else
                    {
                        Remove(array[i], parts, depth + 1);
                    }
                }

                break;
        }
    }
}
