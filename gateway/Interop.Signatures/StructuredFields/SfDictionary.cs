using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Interop.Signatures.StructuredFields;

/// <summary>
/// A Dictionary field value (RFC 8941 §3.2): ordered members by key. Setting an existing key
/// replaces its value and keeps its position.
/// </summary>
public sealed class SfDictionary : IReadOnlyList<KeyValuePair<string, SfMember>>
{
    private readonly List<KeyValuePair<string, SfMember>> _entries = [];

    /// <inheritdoc />
    public int Count => _entries.Count;

    /// <inheritdoc />
    public KeyValuePair<string, SfMember> this[int index] => _entries[index];

    /// <summary>Adds a member, or replaces the value of an existing one in place.</summary>
    /// <returns>This instance, so calls chain.</returns>
    public SfDictionary Set(string key, SfMember value)
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

    /// <summary>Looks a member up by key.</summary>
    public bool TryGetValue(string key, [NotNullWhen(true)] out SfMember? value)
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

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, SfMember>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
