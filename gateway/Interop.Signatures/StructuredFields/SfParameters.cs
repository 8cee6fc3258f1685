using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Interop.Signatures.StructuredFields;

/// <summary>
/// Ordered parameters of an item or inner list (RFC 8941 §3.1.2). Setting an existing key replaces
/// its value and keeps its position, as the parsing algorithm requires.
/// </summary>
public sealed class SfParameters : IReadOnlyList<KeyValuePair<string, SfBareItem>>
{
    private readonly List<KeyValuePair<string, SfBareItem>> _entries = [];

    /// <inheritdoc />
    public int Count => _entries.Count;

    /// <inheritdoc />
    public KeyValuePair<string, SfBareItem> this[int index] => _entries[index];

    /// <summary>Adds a parameter, or replaces the value of an existing one in place.</summary>
    /// <returns>This instance, so calls chain.</returns>
    public SfParameters Set(string key, SfBareItem value)
    {
        for (var i = 0; i < _entries.Count; i++)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.Ordinal))
            {
                _entries[i] = new(key, value);
                return this;
            }
        }

        _entries.Add(new(key, value));
        return this;
    }

    /// <summary>Looks a parameter up by key (case-sensitive, as keys are lowercase by definition).</summary>
    public bool TryGetValue(string key, [NotNullWhen(true)] out SfBareItem? value)
    {
        foreach (var entry in _entries)
        {
            if (string.Equals(entry.Key, key, StringComparison.Ordinal))
            {
                value = entry.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    /// <summary>True when a parameter with this key exists.</summary>
    public bool ContainsKey(string key) => TryGetValue(key, out _);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, SfBareItem>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
