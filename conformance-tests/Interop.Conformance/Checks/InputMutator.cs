using System.Globalization;
using System.Text;

namespace Interop.Conformance.Checks;

/// <summary>
/// Makes broken copies of a legacy body (or of a query parameter's value) from a seed: truncations, changed, deleted and repeated bytes, and hostile
/// snippets (quotes, brackets, markup, invalid UTF-8, a DTD, deep nesting, Khmer digits, zero-width spaces). The same seed
/// gives the same inputs, so a failure found in CI is found again on a laptop.
/// </summary>
internal sealed class InputMutator(int seed)
{
    private static readonly byte[][] Snippets =
    [
        .. new[]
        {
            "\"", "{", "}", "[", "]", "<", ">", "</", "&", ",", ":", "null", "-1", "1e99999", "\\u0000", "\u200B",
            "\u17E0\u17E1\u17E2", "<!DOCTYPE x [<!ENTITY e \"eeeeeeee\">]>", "&e;", "]]>", new string('[', 200), string.Concat(Enumerable.Repeat("<a>", 200)),
        }.Select(Encoding.UTF8.GetBytes),
        [0xFF, 0xFE],
        [0xC3],
        [0x00],
    ];

    private readonly Random _random = new(seed);

    /// <summary>Picks one of <paramref name="count"/> things to break (a query parameter of a request without a body).</summary>
    /// <param name="count">How many there are; at least one.</param>
    /// <returns>The index picked.</returns>
    public int Pick(int count) => _random.Next(count);

    /// <summary>The next broken copy of <paramref name="body"/> and what was done to it.</summary>
    /// <param name="body">The valid bytes.</param>
    /// <returns>What was done (<c>truncated at byte 12</c>, for the report) and the bytes.</returns>
    public (string Description, byte[] Body) Next(ReadOnlySpan<byte> body)
    {
        var at = _random.Next(body.Length + 1);
        switch (_random.Next(5))
        {
            case 0:
                return (Describe("truncated at byte {0}", at), body[..at].ToArray());
            case 1 when body.Length > 0:
                var changed = body.ToArray();
                var index = Math.Min(at, body.Length - 1);
                changed[index] = (byte)_random.Next(256);
                return (Describe("byte {0} changed to 0x{1:X2}", index, changed[index]), changed);
            case 2:
                var deleted = Math.Min(1 + _random.Next(32), body.Length - at);
                return (Describe("{1} byte(s) deleted at {0}", at, deleted), [.. body[..at], .. body[(at + deleted)..]]);
            case 3:
                var repeated = Math.Min(1 + _random.Next(64), body.Length - at);
                return (Describe("{1} byte(s) repeated at {0}", at, repeated), [.. body[..(at + repeated)], .. body[at..]]);
            default:
                var snippet = Snippets[_random.Next(Snippets.Length)];
                return (Describe("{1} byte(s) inserted at {0}", at, snippet.Length), [.. body[..at], .. snippet, .. body[at..]]);
        }
    }

    private static string Describe(string format, params object[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
}
