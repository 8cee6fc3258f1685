namespace Interop.Conformance.Json;

/// <summary>A small line diff for text goldens (XML answers): the lines that differ, with their numbers.</summary>
public static class LineDiff
{
    /// <summary>The first line that differs, as <c>line 12</c>.</summary>
    /// <param name="expected">The expected text.</param>
    /// <param name="actual">The actual text.</param>
    /// <returns>The line, or <see langword="null"/> when the texts are equal.</returns>
    public static string? FirstDifferentLine(string expected, string actual)
    {
        var (e, a) = (Lines(expected), Lines(actual));
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            if (i >= e.Length || i >= a.Length || e[i] != a[i])
            {
                return $"line {i + 1}";
            }
        }

        return null;
    }

    /// <summary>Every differing line pair (at most <paramref name="max"/>), as <c>- expected</c> / <c>+ actual</c>.</summary>
    /// <param name="expected">The expected text.</param>
    /// <param name="actual">The actual text.</param>
    /// <param name="max">The most lines to show.</param>
    /// <returns>The diff.</returns>
    public static string Format(string expected, string actual, int max = 20)
    {
        var (e, a) = (Lines(expected), Lines(actual));
        var lines = new List<string>();
        for (var i = 0; i < Math.Max(e.Length, a.Length) && lines.Count < 2 * max; i++)
        {
            var (left, right) = (i < e.Length ? e[i] : null, i < a.Length ? a[i] : null);
            if (left == right)
            {
                continue;
            }

            lines.Add($"line {i + 1}");
            lines.Add(left is null ? "  - (absent)" : $"  - {left}");
            lines.Add(right is null ? "  + (absent)" : $"  + {right}");
        }

        return string.Join('\n', lines);
    }

    private static string[] Lines(string text) => text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
}
