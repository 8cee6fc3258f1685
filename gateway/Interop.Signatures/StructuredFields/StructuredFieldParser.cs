using System.Globalization;
using System.Text;

namespace Interop.Signatures.StructuredFields;

/// <summary>
/// A strict parser of Structured Field Values (RFC 8941, with the Date and Display String types of
/// RFC 9651). Invalid input returns a <see cref="ParseError"/> naming the position and the reason;
/// nothing throws.
/// </summary>
/// <remarks>
/// A field sent on several lines is parsed after joining its lines with <c>", "</c>
/// (RFC 9110 §5.3); <see cref="Join"/> does that.
/// </remarks>
public static class StructuredFieldParser
{
    /// <summary>Joins the lines of one field as HTTP combines them.</summary>
    public static string Join(IEnumerable<string> fieldLines) => string.Join(", ", fieldLines);

    /// <summary>Parses a field value as an Item.</summary>
    public static ParseResult<SfItem> ParseItem(string fieldValue)
    {
        var reader = new Reader(fieldValue);
        reader.SkipSpaces();
        var item = reader.ParseItem();
        return Finish(reader, item);
    }

    /// <summary>Parses a field value as a List.</summary>
    public static ParseResult<SfList> ParseList(string fieldValue)
    {
        var reader = new Reader(fieldValue);
        reader.SkipSpaces();
        var list = reader.ParseList();
        return Finish(reader, list);
    }

    /// <summary>Parses a field value as a Dictionary.</summary>
    public static ParseResult<SfDictionary> ParseDictionary(string fieldValue)
    {
        var reader = new Reader(fieldValue);
        reader.SkipSpaces();
        var dictionary = reader.ParseDictionary();
        return Finish(reader, dictionary);
    }

    private static ParseResult<T> Finish<T>(Reader reader, T? value)
        where T : class
    {
        if (reader.Error is { } error)
        {
            return ParseResult.Failure<T>(error);
        }

        reader.SkipSpaces();
        if (!reader.AtEnd)
        {
            return ParseResult.Failure<T>(reader.Position, $"unexpected '{Describe(reader.Peek)}' after the value");
        }

        return ParseResult.Success(value!);
    }

    private static string Describe(char c) => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:x4}";

    internal static bool IsTokenChar(char c) =>
        IsAlpha(c) || IsDigit(c) || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.'
            or '^' or '_' or '`' or '|' or '~' or ':' or '/';

    internal static bool IsKeyChar(char c) => IsLowerAlpha(c) || IsDigit(c) || c is '_' or '-' or '.' or '*';

    internal static bool IsAlpha(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');

    internal static bool IsLowerAlpha(char c) => c is >= 'a' and <= 'z';

    internal static bool IsDigit(char c) => c is >= '0' and <= '9';

    /// <summary>A cursor over the input; the first error stops parsing and is kept in <see cref="Error"/>.</summary>
    private sealed class Reader(string input)
    {
        private readonly string _input = input;

        public int Position { get; private set; }

        public ParseError? Error { get; private set; }

        public bool AtEnd => Position >= _input.Length;

        public char Peek => _input[Position];

        public void SkipSpaces()
        {
            while (!AtEnd && Peek == ' ')
            {
                Position++;
            }
        }

        private void SkipOws()
        {
            while (!AtEnd && Peek is ' ' or '\t')
            {
                Position++;
            }
        }

        private T? Fail<T>(string reason)
            where T : class
        {
            Error ??= new ParseError(Position, reason);
            return null;
        }

        public SfList? ParseList()
        {
            var members = new List<SfMember>();
            while (!AtEnd)
            {
                var member = ParseItemOrInnerList();
                if (member is null)
                {
                    return null;
                }

                members.Add(member);
                SkipOws();
                if (AtEnd)
                {
                    break;
                }

                if (Peek != ',')
                {
                    return Fail<SfList>($"expected ',' between list members, found '{Describe(Peek)}'");
                }

                Position++;
                SkipOws();
                if (AtEnd)
                {
                    return Fail<SfList>("trailing ',' at the end of the list");
                }
            }

            return new SfList(members);
        }

        public SfDictionary? ParseDictionary()
        {
            var dictionary = new SfDictionary();
            while (!AtEnd)
            {
                var key = ParseKey();
                if (key is null)
                {
                    return null;
                }

                SfMember? member;
                if (!AtEnd && Peek == '=')
                {
                    Position++;
                    member = ParseItemOrInnerList();
                }
                else
                {
                    var parameters = ParseParameters();
                    member = parameters is null ? null : new SfItem(SfBareItem.Boolean(true), parameters);
                }

                if (member is null)
                {
                    return null;
                }

                dictionary.Set(key, member);
                SkipOws();
                if (AtEnd)
                {
                    break;
                }

                if (Peek != ',')
                {
                    return Fail<SfDictionary>($"expected ',' between dictionary members, found '{Describe(Peek)}'");
                }

                Position++;
                SkipOws();
                if (AtEnd)
                {
                    return Fail<SfDictionary>("trailing ',' at the end of the dictionary");
                }
            }

            return dictionary;
        }

        private SfMember? ParseItemOrInnerList() =>
            !AtEnd && Peek == '(' ? ParseInnerList() : ParseItem();

        private SfInnerList? ParseInnerList()
        {
            Position++; // '('
            var items = new List<SfItem>();
            while (!AtEnd)
            {
                SkipSpaces();
                if (AtEnd)
                {
                    break;
                }

                if (Peek == ')')
                {
                    Position++;
                    var parameters = ParseParameters();
                    return parameters is null ? null : new SfInnerList(items, parameters);
                }

                var item = ParseItem();
                if (item is null)
                {
                    return null;
                }

                items.Add(item);
                if (AtEnd)
                {
                    break;
                }

                if (Peek is not (' ' or ')'))
                {
                    return Fail<SfInnerList>($"expected ' ' or ')' in inner list, found '{Describe(Peek)}'");
                }
            }

            return Fail<SfInnerList>("inner list is not closed with ')'");
        }

        public SfItem? ParseItem()
        {
            var value = ParseBareItem();
            if (value is null)
            {
                return null;
            }

            var parameters = ParseParameters();
            return parameters is null ? null : new SfItem(value, parameters);
        }

        private SfParameters? ParseParameters()
        {
            var parameters = new SfParameters();
            while (!AtEnd && Peek == ';')
            {
                Position++;
                SkipSpaces();
                var key = ParseKey();
                if (key is null)
                {
                    return null;
                }

                var value = SfBareItem.Boolean(true);
                if (!AtEnd && Peek == '=')
                {
                    Position++;
                    var parsed = ParseBareItem();
                    if (parsed is null)
                    {
                        return null;
                    }

                    value = parsed;
                }

                parameters.Set(key, value);
            }

            return parameters;
        }

        private string? ParseKey()
        {
            if (AtEnd || !(IsLowerAlpha(Peek) || Peek == '*'))
            {
                return Fail<string>(AtEnd ? "expected a key, found the end" : $"a key must start with a-z or '*', found '{Describe(Peek)}'");
            }

            var start = Position;
            while (!AtEnd && IsKeyChar(Peek))
            {
                Position++;
            }

            return _input[start..Position];
        }

        private SfBareItem? ParseBareItem()
        {
            if (AtEnd)
            {
                return Fail<SfBareItem>("expected an item, found the end");
            }

            var c = Peek;
            return c switch
            {
                '-' or (>= '0' and <= '9') => ParseNumber(),
                '"' => ParseString(),
                '*' or (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') => ParseToken(),
                ':' => ParseByteSequence(),
                '?' => ParseBoolean(),
                '@' => ParseDate(),
                '%' => ParseDisplayString(),
                _ => Fail<SfBareItem>($"'{Describe(c)}' cannot start an item"),
            };
        }

        private SfBareItem? ParseNumber()
        {
            var start = Position;
            var negative = false;
            if (!AtEnd && Peek == '-')
            {
                negative = true;
                Position++;
            }

            if (AtEnd || !IsDigit(Peek))
            {
                return Fail<SfBareItem>("expected a digit");
            }

            var digitsStart = Position;
            var isDecimal = false;
            while (!AtEnd)
            {
                var c = Peek;
                if (IsDigit(c))
                {
                    Position++;
                }
                else if (!isDecimal && c == '.')
                {
                    if (Position - digitsStart > 12)
                    {
                        return Fail<SfBareItem>("a decimal has at most 12 integer digits");
                    }

                    isDecimal = true;
                    Position++;
                }
                else
                {
                    break;
                }

                var length = Position - digitsStart;
                if (!isDecimal && length > 15)
                {
                    return Fail<SfBareItem>("an integer has at most 15 digits");
                }

                if (isDecimal && length > 16)
                {
                    return Fail<SfBareItem>("a decimal has at most 16 characters");
                }
            }

            var text = _input[digitsStart..Position];
            if (!isDecimal)
            {
                var value = long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
                return SfBareItem.Integer(negative ? -value : value);
            }

            if (text[^1] == '.')
            {
                return Fail<SfBareItem>("a decimal must have digits after '.'");
            }

            if (text.Length - text.IndexOf('.', StringComparison.Ordinal) - 1 > 3)
            {
                Position = start + (negative ? 1 : 0) + text.IndexOf('.', StringComparison.Ordinal) + 4;
                return Fail<SfBareItem>("a decimal has at most 3 fractional digits");
            }

            var number = decimal.Parse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            return SfBareItem.Decimal(negative ? -number : number);
        }

        private SfBareItem? ParseString()
        {
            Position++; // '"'
            var builder = new StringBuilder();
            while (!AtEnd)
            {
                var c = Peek;
                if (c == '\\')
                {
                    Position++;
                    if (AtEnd)
                    {
                        return Fail<SfBareItem>("string ends inside an escape");
                    }

                    if (Peek is not ('"' or '\\'))
                    {
                        return Fail<SfBareItem>($"only '\\\"' and '\\\\' may be escaped, found '\\{Describe(Peek)}'");
                    }

                    builder.Append(Peek);
                    Position++;
                }
                else if (c == '"')
                {
                    Position++;
                    return SfBareItem.String(builder.ToString());
                }
                else if (c is < ' ' or > '~')
                {
                    return Fail<SfBareItem>($"'{Describe(c)}' is not allowed in a string (printable ASCII only)");
                }
                else
                {
                    builder.Append(c);
                    Position++;
                }
            }

            return Fail<SfBareItem>("string is not closed with '\"'");
        }

        private SfBareItem? ParseToken()
        {
            var start = Position;
            Position++;
            while (!AtEnd && IsTokenChar(Peek))
            {
                Position++;
            }

            return SfBareItem.Token(_input[start..Position]);
        }

        private SfBareItem? ParseByteSequence()
        {
            Position++; // ':'
            var start = Position;
            var end = _input.IndexOf(':', start);
            if (end < 0)
            {
                return Fail<SfBareItem>("byte sequence is not closed with ':'");
            }

            for (var i = start; i < end; i++)
            {
                var c = _input[i];
                if (!(IsAlpha(c) || IsDigit(c) || c is '+' or '/' or '='))
                {
                    Position = i;
                    return Fail<SfBareItem>($"'{Describe(c)}' is not a base64 character");
                }
            }

            var text = _input.AsSpan(start, end - start);
            var buffer = new byte[(text.Length * 3 / 4) + 3];
            if (!Convert.TryFromBase64Chars(text, buffer, out var written))
            {
                return Fail<SfBareItem>("byte sequence is not valid base64 (padding or length)");
            }

            Position = end + 1;
            return SfBareItem.ByteSequence(buffer.AsSpan(0, written));
        }

        private SfBareItem? ParseBoolean()
        {
            Position++; // '?'
            if (!AtEnd && Peek is '0' or '1')
            {
                var value = Peek == '1';
                Position++;
                return SfBareItem.Boolean(value);
            }

            return Fail<SfBareItem>("a boolean is '?1' or '?0'");
        }

        private SfBareItem? ParseDate()
        {
            Position++; // '@'
            var start = Position;
            var number = ParseNumber();
            if (number is null)
            {
                return null;
            }

            if (number.AsInteger() is not { } seconds)
            {
                Position = start;
                return Fail<SfBareItem>("a date is an integer number of seconds");
            }

            return SfBareItem.Date(seconds);
        }

        private SfBareItem? ParseDisplayString()
        {
            Position++; // '%'
            if (AtEnd || Peek != '"')
            {
                return Fail<SfBareItem>("a display string starts with '%\"'");
            }

            Position++;
            var bytes = new List<byte>();
            while (!AtEnd)
            {
                var c = Peek;
                if (c is < ' ' or > '~')
                {
                    return Fail<SfBareItem>($"'{Describe(c)}' is not allowed in a display string (percent-encode it)");
                }

                if (c == '%')
                {
                    if (Position + 2 >= _input.Length || !IsLowerHex(_input[Position + 1]) || !IsLowerHex(_input[Position + 2]))
                    {
                        return Fail<SfBareItem>("'%' must be followed by two lowercase hex digits");
                    }

                    bytes.Add(byte.Parse(_input.AsSpan(Position + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                    Position += 3;
                }
                else if (c == '"')
                {
                    Position++;
                    var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
                    try
                    {
                        return SfBareItem.DisplayString(strict.GetString([.. bytes]));
                    }
                    catch (DecoderFallbackException)
                    {
                        // The decoder only reports invalid UTF-8 by throwing; it becomes a parse error here.
                        return Fail<SfBareItem>("display string is not valid UTF-8");
                    }
                }
                else
                {
                    bytes.Add((byte)c);
                    Position++;
                }
            }

            return Fail<SfBareItem>("display string is not closed with '\"'");
        }

        private static bool IsLowerHex(char c) => IsDigit(c) || c is >= 'a' and <= 'f';
    }
}
