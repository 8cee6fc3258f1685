using System.Text;

namespace Interop.Signatures.Components;

/// <summary>
/// Query parameter handling for <c>@query-param</c> (RFC 9421 §2.2.8): parse the query as
/// application/x-www-form-urlencoded, then percent-encode names and values so the result is
/// unambiguous (everything but unreserved characters is encoded, uppercase hex).
/// </summary>
internal static class QueryParameters
{
    public static IEnumerable<(string Name, string Value)> Parse(string query)
    {
        foreach (var pair in query.Split('&'))
        {
            if (pair.Length == 0)
            {
                continue;
            }

            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? string.Empty : pair[(equals + 1)..];
            yield return (Encode(FormDecode(name)), Encode(FormDecode(value)));
        }
    }

    public static string Encode(string decoded)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(decoded))
        {
            var c = (char)b;
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.' or '_' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static string FormDecode(string encoded)
    {
        var bytes = new List<byte>(encoded.Length);
        var literalStart = 0;
        for (var i = 0; i <= encoded.Length; i++)
        {
            var escape = i < encoded.Length
                && (encoded[i] == '+' || (encoded[i] == '%' && i + 2 < encoded.Length && Uri.IsHexDigit(encoded[i + 1]) && Uri.IsHexDigit(encoded[i + 2])));
            if (i < encoded.Length && !escape)
            {
                continue;
            }

            // Literal text (which may hold surrogate pairs) is encoded as a whole.
            bytes.AddRange(Encoding.UTF8.GetBytes(encoded[literalStart..i]));
            if (i == encoded.Length)
            {
                break;
            }

            if (encoded[i] == '+')
            {
                bytes.Add((byte)' ');
            }
            else
            {
                bytes.Add((byte)((Uri.FromHex(encoded[i + 1]) << 4) | Uri.FromHex(encoded[i + 2])));
                i += 2;
            }

            literalStart = i + 1;
        }

        // Invalid UTF-8 becomes U+FFFD, as the WHATWG URL standard decodes it.
        return Encoding.UTF8.GetString([.. bytes]);
    }
}
