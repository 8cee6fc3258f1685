namespace Interop.Signatures.StructuredFields;

/// <summary>A member of a List or Dictionary: an <see cref="SfItem"/> or an <see cref="SfInnerList"/>.</summary>
public abstract class SfMember
{
    private protected SfMember(SfParameters? parameters)
    {
        Parameters = parameters ?? new SfParameters();
    }

    /// <summary>The member's parameters, in order.</summary>
    public SfParameters Parameters { get; }
}

/// <summary>An Item: a bare item with parameters (RFC 8941 §3.3).</summary>
public sealed class SfItem : SfMember
{
    /// <summary>Creates an item.</summary>
    public SfItem(SfBareItem value, SfParameters? parameters = null)
        : base(parameters)
    {
        Value = value;
    }

    /// <summary>The bare item.</summary>
    public SfBareItem Value { get; }
}

/// <summary>An Inner List: items in parentheses, with parameters (RFC 8941 §3.1.1).</summary>
public sealed class SfInnerList : SfMember
{
    /// <summary>Creates an inner list.</summary>
    public SfInnerList(IEnumerable<SfItem> items, SfParameters? parameters = null)
        : base(parameters)
    {
        Items = [.. items];
    }

    /// <summary>The items, in order.</summary>
    public IReadOnlyList<SfItem> Items { get; }
}
