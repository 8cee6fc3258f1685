using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Interop.Conformance.Json;

/// <summary>One place where two JSON documents differ.</summary>
/// <param name="Path">The JSON path (<c>$.items[0].interactions[1].resource.name[0].family</c>).</param>
/// <param name="Expected">The expected value as JSON, or <c>(absent)</c>.</param>
/// <param name="Actual">The actual value as JSON, or <c>(absent)</c>.</param>
public sealed record JsonDifference(string Path, string Expected, string Actual)
{
    private const string Absent = "(absent)";

    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Compares two documents: objects ignore property order, arrays compare element by element.
    /// Stops after <paramref name="max"/> differences.
    /// </summary>
    /// <param name="expected">The expected document.</param>
    /// <param name="actual">The actual document.</param>
    /// <param name="max">The most differences to list.</param>
    /// <returns>The differences; empty when the documents are equal.</returns>
    public static IReadOnlyList<JsonDifference> Between(JsonNode? expected, JsonNode? actual, int max = 20)
    {
        var differences = new List<JsonDifference>();
        Compare(expected, actual, "$", differences, max);
        return differences;
    }

    /// <summary>The differences as lines: <c>path: expected X, actual Y</c>.</summary>
    /// <param name="differences">The differences.</param>
    /// <returns>The readable diff.</returns>
    public static string Format(IEnumerable<JsonDifference> differences) =>
        string.Join('\n', differences.Select(d => $"{d.Path}\n  - expected: {d.Expected}\n  + actual:   {d.Actual}"));

    private static void Compare(JsonNode? expected, JsonNode? actual, string path, List<JsonDifference> into, int max)
    {
        if (into.Count >= max)
        {
            return;
        }

        switch (expected, actual)
        {
            case (JsonObject e, JsonObject a):
                foreach (var name in e.Select(p => p.Key).Union(a.Select(p => p.Key)))
                {
                    var child = $"{path}.{name}";
                    if (!e.ContainsKey(name) || !a.ContainsKey(name))
                    {
                        into.Add(new JsonDifference(child, e.ContainsKey(name) ? Text(e[name]) : Absent, a.ContainsKey(name) ? Text(a[name]) : Absent));
                        continue;
                    }

                    Compare(e[name], a[name], child, into, max);
                }

                break;
            case (JsonArray e, JsonArray a):
                for (var i = 0; i < Math.Max(e.Count, a.Count); i++)
                {
                    var child = $"{path}[{i}]";
                    if (i >= e.Count || i >= a.Count)
                    {
                        into.Add(new JsonDifference(child, i < e.Count ? Text(e[i]) : Absent, i < a.Count ? Text(a[i]) : Absent));
                        continue;
                    }

                    Compare(e[i], a[i], child, into, max);
                }

                break;
            default:
                if (!JsonNode.DeepEquals(expected, actual))
                {
                    into.Add(new JsonDifference(path, Text(expected), Text(actual)));
                }

                break;
        }
    }

    private static string Text(JsonNode? node)
    {
        var text = node?.ToJsonString(Compact) ?? "null";
        return text.Length <= 200 ? text : text[..200] + "…";
    }
}
