using System.Globalization;

namespace Interop.Signatures.StructuredFields;

/// <summary>
/// A Structured Field bare item. Values are checked when serialized, not when created, so a caller
/// can hold (and the serializer can refuse) a value that has no valid serialization.
/// </summary>
public sealed class SfBareItem : IEquatable<SfBareItem>
{
    private readonly long _number;
    private readonly decimal _decimal;
    private readonly string? _text;
    private readonly byte[]? _bytes;

    private SfBareItem(SfItemType type, long number = 0, decimal @decimal = 0, string? text = null, byte[]? bytes = null)
    {
        Type = type;
        _number = number;
        _decimal = @decimal;
        _text = text;
        _bytes = bytes;
    }

    /// <summary>The type of the item.</summary>
    public SfItemType Type { get; }

    /// <summary>Creates an Integer.</summary>
    public static SfBareItem Integer(long value) => new(SfItemType.Integer, number: value);

    /// <summary>Creates a Decimal.</summary>
    public static SfBareItem Decimal(decimal value) => new(SfItemType.Decimal, @decimal: value);

    /// <summary>Creates a String (printable ASCII only when serialized).</summary>
    public static SfBareItem String(string value) => new(SfItemType.String, text: value);

    /// <summary>Creates a Token.</summary>
    public static SfBareItem Token(string value) => new(SfItemType.Token, text: value);

    /// <summary>Creates a Byte Sequence (the bytes are copied).</summary>
    public static SfBareItem ByteSequence(ReadOnlySpan<byte> value) => new(SfItemType.ByteSequence, bytes: value.ToArray());

    /// <summary>Creates a Boolean.</summary>
    public static SfBareItem Boolean(bool value) => new(SfItemType.Boolean, number: value ? 1 : 0);

    /// <summary>Creates a Date (seconds since the Unix epoch).</summary>
    public static SfBareItem Date(long secondsSinceEpoch) => new(SfItemType.Date, number: secondsSinceEpoch);

    /// <summary>Creates a Display String.</summary>
    public static SfBareItem DisplayString(string value) => new(SfItemType.DisplayString, text: value);

    /// <summary>The Integer value, or null when the item is not an Integer.</summary>
    public long? AsInteger() => Type == SfItemType.Integer ? _number : null;

    /// <summary>The Decimal value, or null when the item is not a Decimal.</summary>
    public decimal? AsDecimal() => Type == SfItemType.Decimal ? _decimal : null;

    /// <summary>The String value, or null when the item is not a String.</summary>
    public string? AsString() => Type == SfItemType.String ? _text : null;

    /// <summary>The Token value, or null when the item is not a Token.</summary>
    public string? AsToken() => Type == SfItemType.Token ? _text : null;

    /// <summary>The Display String value, or null when the item is not a Display String.</summary>
    public string? AsDisplayString() => Type == SfItemType.DisplayString ? _text : null;

    /// <summary>The bytes, or null when the item is not a Byte Sequence.</summary>
    public ReadOnlyMemory<byte>? AsByteSequence() => Type == SfItemType.ByteSequence ? _bytes : null;

    /// <summary>The Boolean value, or null when the item is not a Boolean.</summary>
    public bool? AsBoolean() => Type == SfItemType.Boolean ? _number == 1 : null;

    /// <summary>The Date (seconds since the Unix epoch), or null when the item is not a Date.</summary>
    public long? AsDate() => Type == SfItemType.Date ? _number : null;

    /// <inheritdoc />
    public bool Equals(SfBareItem? other) =>
        other is not null
        && other.Type == Type
        && other._number == _number
        && other._decimal == _decimal
        && string.Equals(other._text, _text, StringComparison.Ordinal)
        && (other._bytes ?? []).AsSpan().SequenceEqual(_bytes ?? []);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SfBareItem);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, _number, _decimal, _text, _bytes?.Length);

    /// <summary>A readable form for diagnostics; use <see cref="StructuredFieldSerializer"/> for the wire form.</summary>
    public override string ToString() => Type switch
    {
        SfItemType.Integer or SfItemType.Date => _number.ToString(CultureInfo.InvariantCulture),
        SfItemType.Decimal => _decimal.ToString(CultureInfo.InvariantCulture),
        SfItemType.Boolean => _number == 1 ? "?1" : "?0",
        SfItemType.ByteSequence => ":" + Convert.ToBase64String(_bytes ?? []) + ":",
        _ => _text ?? string.Empty,
    };
}
