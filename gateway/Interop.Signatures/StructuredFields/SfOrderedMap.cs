using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Interop.Signatures.StructuredFields;

/// <summary>
/// What Dictionaries and Parameters share (RFC 8941 §3.1.2, §3.2): members ordered as added, looked up by key
/// (case-sensitive: keys are lowercase by definition); setting an existing key replaces its value in place.
/// </summary>
/// <typeparam name="TSelf">The concrete map, returned by <see cref="Set"/> so calls chain.</typeparam>
/// <typeparam name="TValue">The member value type.</typeparam>
public abstract class SfOrderedMap<TSelf, TValue> : IReadOnlyList<KeyValuePair<string, TValue>>
    where TSelf : SfOrderedMap<TSelf, TValue>
    where TValue : class
{
    private readonly List<KeyValuePair<string, TValue>> _entries = [];

    /// <inheritdoc />
    public int Count => _entries.Count;

    /// <inheritdoc />
    public KeyValuePair<string, TValue> this[int index] => _entries[index];

    /// <summary>Adds a member, or replaces the value of an existing one in place.</summary>
    /// <returns>This instance, so calls chain.</returns>
    public TSelf Set(string key, TValue value)
    {
        var index = IndexOf(key);
        if (index >= 0)
        {
            _entries[index] = new(key, value);
        }
        else
        {
            _entries.Add(new(key, value));
        }

        return (TSelf)this;
    }

    /// <summary>Looks a member up by key.</summary>
    public bool TryGetValue(string key, [NotNullWhen(true)] out TValue? value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? _entries[index].Value : null;
        return index >= 0;
    }

    /// <summary>True when a member with this key exists.</summary>
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, TValue>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key) => _entries.FindIndex(e => string.Equals(e.Key, key, StringComparison.Ordinal));
}
