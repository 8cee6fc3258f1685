using System.Collections;

namespace Interop.Signatures.StructuredFields;

/// <summary>A List field value (RFC 8941 §3.1): ordered items and inner lists.</summary>
public sealed class SfList : IReadOnlyList<SfMember>
{
    private readonly List<SfMember> _members;

    /// <summary>Creates a list.</summary>
    public SfList(IEnumerable<SfMember> members)
    {
        _members = [.. members];
    }

    /// <inheritdoc />
    public int Count => _members.Count;

    /// <inheritdoc />
    public SfMember this[int index] => _members[index];

    /// <inheritdoc />
    public IEnumerator<SfMember> GetEnumerator() => _members.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
