using System.Globalization;
using System.Text;

namespace Interop.Signatures.StructuredFields;

/// <summary>
/// Serializes Structured Field Values to their canonical text (RFC 8941 §4.1, RFC 9651 §4.1).
/// A value with no valid serialization (an integer out of range, a non-ASCII string, an invalid
/// token or key) returns an error; nothing throws.
/// </summary>
public static class StructuredFieldSerializer
{
    private const long MaxInteger = 999_999_999_999_999;
    private const decimal MaxDecimalIntegerPart = 999_999_999_999m;

    /// <summary>Serializes a List. An empty list serializes to the empty string (the field is omitted).</summary>
    public static SerializeResult Serialize(SfList list)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < list.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            if (WriteMember(builder, list[i]) is { } error)
            {
                return SerializeResult.Failure(error);
            }
        }

        return SerializeResult.Success(builder.ToString());
    }

    /// <summary>Serializes a Dictionary. An empty dictionary serializes to the empty string.</summary>
    public static SerializeResult Serialize(SfDictionary dictionary)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < dictionary.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            var (key, member) = dictionary[i];
            if (WriteKey(builder, key) is { } keyError)
            {
                return SerializeResult.Failure(keyError);
            }

            if (member is SfItem item && item.Value.AsBoolean() == true)
            {
                if (WriteParameters(builder, item.Parameters) is { } parameterError)
                {
                    return SerializeResult.Failure(parameterError);
                }

                continue;
            }

            builder.Append('=');
            if (WriteMember(builder, member) is { } error)
            {
                return SerializeResult.Failure(error);
            }
        }

        return SerializeResult.Success(builder.ToString());
    }

    /// <summary>Serializes an Item.</summary>
    public static SerializeResult Serialize(SfItem item) => Run(builder => WriteItem(builder, item));

    /// <summary>Serializes an Inner List (as used by <c>@signature-params</c>).</summary>
    public static SerializeResult Serialize(SfInnerList innerList) => Run(builder => WriteInnerList(builder, innerList));

    /// <summary>Serializes a bare item without parameters.</summary>
    public static SerializeResult Serialize(SfBareItem bareItem) => Run(builder => WriteBareItem(builder, bareItem));

    private static SerializeResult Run(Func<StringBuilder, string?> write)
    {
        var builder = new StringBuilder();
        return write(builder) is { } error ? SerializeResult.Failure(error) : SerializeResult.Success(builder.ToString());
    }

    private static string? WriteMember(StringBuilder builder, SfMember member) => member switch
    {
        SfItem item => WriteItem(builder, item),
        SfInnerList innerList => WriteInnerList(builder, innerList),
        _ => "unknown member type",
    };

    private static string? WriteInnerList(StringBuilder builder, SfInnerList innerList)
    {
        builder.Append('(');
        for (var i = 0; i < innerList.Items.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(' ');
            }

            if (WriteItem(builder, innerList.Items[i]) is { } error)
            {
                return error;
            }
        }

        builder.Append(')');
        return WriteParameters(builder, innerList.Parameters);
    }

    private static string? WriteItem(StringBuilder builder, SfItem item) =>
        WriteBareItem(builder, item.Value) ?? WriteParameters(builder, item.Parameters);

    private static string? WriteParameters(StringBuilder builder, SfParameters parameters)
    {
        foreach (var (key, value) in parameters)
        {
            builder.Append(';');
            if (WriteKey(builder, key) is { } keyError)
            {
                return keyError;
            }

            if (value.AsBoolean() == true)
            {
                continue;
            }

            builder.Append('=');
            if (WriteBareItem(builder, value) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    private static string? WriteKey(StringBuilder builder, string key)
    {
        if (key.Length == 0 || !(StructuredFieldParser.IsLowerAlpha(key[0]) || key[0] == '*'))
        {
            return $"key '{key}' must start with a-z or '*'";
        }

        foreach (var c in key)
        {
            if (!StructuredFieldParser.IsKeyChar(c))
            {
                return $"key '{key}' contains a character that is not allowed";
            }
        }

        builder.Append(key);
        return null;
    }

    private static string? WriteBareItem(StringBuilder builder, SfBareItem item)
    {
        switch (item.Type)
        {
            case SfItemType.Integer:
                return WriteInteger(builder, item.AsInteger()!.Value);
            case SfItemType.Decimal:
                return WriteDecimal(builder, item.AsDecimal()!.Value);
            case SfItemType.String:
                return WriteString(builder, item.AsString()!);
            case SfItemType.Token:
                return WriteToken(builder, item.AsToken()!);
            case SfItemType.ByteSequence:
                builder.Append(':').Append(Convert.ToBase64String(item.AsByteSequence()!.Value.Span)).Append(':');
                return null;
            case SfItemType.Boolean:
                builder.Append(item.AsBoolean() == true ? "?1" : "?0");
                return null;
            case SfItemType.Date:
                builder.Append('@');
                return WriteInteger(builder, item.AsDate()!.Value);
            case SfItemType.DisplayString:
                WriteDisplayString(builder, item.AsDisplayString()!);
                return null;
            default:
                return $"unknown item type {item.Type}";
        }
    }

    private static string? WriteInteger(StringBuilder builder, long value)
    {
        if (value is > MaxInteger or < -MaxInteger)
        {
            return $"integer {value} is outside ±{MaxInteger}";
        }

        builder.Append(value.ToString(CultureInfo.InvariantCulture));
        return null;
    }

    private static string? WriteDecimal(StringBuilder builder, decimal value)
    {
        var rounded = Math.Round(value, 3, MidpointRounding.ToEven);
        if (Math.Abs(decimal.Truncate(rounded)) > MaxDecimalIntegerPart)
        {
            return $"decimal {value} has more than 12 integer digits";
        }

        if (rounded == 0m)
        {
            rounded = 0m; // no negative zero
        }

        builder.Append(rounded.ToString("0.0##", CultureInfo.InvariantCulture));
        return null;
    }

    private static string? WriteString(StringBuilder builder, string value)
    {
        builder.Append('"');
        foreach (var c in value)
        {
            if (c is < ' ' or > '~')
            {
                return $"string contains U+{(int)c:X4}, which is not printable ASCII";
            }

            if (c is '"' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        builder.Append('"');
        return null;
    }

    private static string? WriteToken(StringBuilder builder, string value)
    {
        if (value.Length == 0 || !(StructuredFieldParser.IsAlpha(value[0]) || value[0] == '*'))
        {
            return $"token '{value}' must start with a letter or '*'";
        }

        foreach (var c in value)
        {
            if (!StructuredFieldParser.IsTokenChar(c))
            {
                return $"token '{value}' contains a character that is not allowed";
            }
        }

        builder.Append(value);
        return null;
    }

    private static void WriteDisplayString(StringBuilder builder, string value)
    {
        builder.Append("%\"");
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is (byte)'%' or (byte)'"' or < 0x20 or > 0x7E)
            {
                builder.Append('%').Append(b.ToString("x2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append((char)b);
            }
        }

        builder.Append('"');
    }
}
