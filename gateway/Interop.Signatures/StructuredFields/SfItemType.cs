namespace Interop.Signatures.StructuredFields;

/// <summary>The type of a Structured Field bare item (RFC 8941 §3.3, RFC 9651 §3.3.7–3.3.8).</summary>
public enum SfItemType
{
    /// <summary>An integer in the range ±999,999,999,999,999.</summary>
    Integer,

    /// <summary>A decimal with at most 12 integer and 3 fractional digits.</summary>
    Decimal,

    /// <summary>A string of printable ASCII characters.</summary>
    String,

    /// <summary>A token (an unquoted identifier).</summary>
    Token,

    /// <summary>A byte sequence, serialized as base64 between colons.</summary>
    ByteSequence,

    /// <summary>A boolean, serialized as <c>?1</c> or <c>?0</c>.</summary>
    Boolean,

    /// <summary>A date as seconds since the Unix epoch (RFC 9651).</summary>
    Date,

    /// <summary>A Unicode display string (RFC 9651).</summary>
    DisplayString,
}
