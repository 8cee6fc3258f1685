using System.Collections;

namespace Interop.Signatures.Messages;

/// <summary>
/// The header (or trailer) field lines of a message, in the order received. Names compare
/// case-insensitively; several lines with one name keep their order, which matters to signatures.
/// </summary>
public sealed class HttpFields : IEnumerable<KeyValuePair<string, string>>
{
    private readonly List<KeyValuePair<string, string>> _lines = [];

    /// <summary>Creates an empty collection.</summary>
    public HttpFields()
    {
    }

    /// <summary>Creates a collection from field lines, in order.</summary>
    public HttpFields(IEnumerable<KeyValuePair<string, string>> lines)
    {
        _lines.AddRange(lines);
    }

    /// <summary>Appends a field line.</summary>
    /// <returns>This instance, so calls chain.</returns>
    public HttpFields Add(string name, string value)
    {
        _lines.Add(new(name, value));
        return this;
    }

    /// <summary>Replaces every line of a field with one line (appended when the field was absent).</summary>
    /// <returns>This instance, so calls chain.</returns>
    public HttpFields Set(string name, string value)
    {
        var index = _lines.FindIndex(l => Matches(l.Key, name));
        _lines.RemoveAll(l => Matches(l.Key, name));
        _lines.Insert(index < 0 ? _lines.Count : Math.Min(index, _lines.Count), new(name, value));
        return this;
    }

    /// <summary>Removes every line of a field.</summary>
    /// <returns>This instance, so calls chain.</returns>
    public HttpFields Remove(string name)
    {
        _lines.RemoveAll(l => Matches(l.Key, name));
        return this;
    }

    /// <summary>The values of each line of a field, in order, with surrounding whitespace removed.</summary>
    public IReadOnlyList<string> GetValues(string name) =>
        [.. _lines.Where(l => Matches(l.Key, name)).Select(l => l.Value.Trim(' ', '\t'))];

    /// <summary>The combined value of a field (lines joined with ", "), or null when absent.</summary>
    public string? GetCombined(string name)
    {
        var values = GetValues(name);
        return values.Count == 0 ? null : string.Join(", ", values);
    }

    /// <summary>True when the field has at least one line.</summary>
    public bool Contains(string name) => _lines.Exists(l => Matches(l.Key, name));

    /// <summary>A copy that can be changed without changing this one.</summary>
    public HttpFields Clone() => new(_lines);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _lines.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static bool Matches(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
