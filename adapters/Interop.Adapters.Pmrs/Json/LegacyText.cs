using System.Globalization;
using System.Text;

namespace Interop.Adapters.Pmrs.Json;

/// <summary>The text habits of PMRS clients: Khmer digits, zero-width spaces, decomposed Khmer.</summary>
internal static class LegacyText
{
    /// <summary>Cambodia time: UTC+7 all year (no daylight saving).</summary>
    public static readonly TimeSpan CambodiaOffset = TimeSpan.FromHours(7);

    /// <summary>Khmer digits (០-៩, U+17E0-U+17E9) become ASCII digits; everything else is kept.</summary>
    public static string AsciiDigits(string value)
    {
        if (!value.Any(IsKhmerDigit))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            builder.Append(IsKhmerDigit(c) ? (char)('0' + (c - '\u17E0')) : c);
        }

        return builder.ToString();
    }

    /// <summary>An identifier as written: Khmer digits to ASCII, spaces removed, upper case.</summary>
    public static string Identifier(string value) =>
        AsciiDigits(value).Replace(" ", string.Empty, StringComparison.Ordinal).Trim().ToUpperInvariant();

    /// <summary>A name: NFC, zero-width spaces and byte-order marks removed (they carry no meaning), spaces collapsed.</summary>
    public static string Name(string value)
    {
        var builder = new StringBuilder(value.Length);
        var space = false;
        foreach (var c in value.Normalize(NormalizationForm.FormC))
        {
            if (c is '\u200B' or '\uFEFF')
            {
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Whether a name holds at least one Khmer letter.</summary>
    public static bool HasKhmerLetter(string value) => value.Any(c => c is >= '\u1780' and <= '\u17DD');

    /// <summary>A phone number: Khmer digits to ASCII; spaces, dashes, dots and parentheses removed.</summary>
    public static string Phone(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in AsciiDigits(value))
        {
            if (c is ' ' or '-' or '.' or '(' or ')')
            {
                continue;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Parses <c>YYYY-MM-DD</c> (Khmer digits accepted).</summary>
    public static bool TryDate(string value, out DateOnly date) =>
        DateOnly.TryParseExact(AsciiDigits(value.Trim()), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>Parses <c>YYYY-MM-DD HH:mm:ss</c> in Cambodia time.</summary>
    public static bool TryCambodiaTime(string value, out DateTimeOffset time)
    {
        if (DateTime.TryParseExact(AsciiDigits(value.Trim()), "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            time = new DateTimeOffset(local, CambodiaOffset);
            return true;
        }

        time = default;
        return false;
    }

    /// <summary>A FHIR instant with the Cambodia offset: <c>2025-02-10T08:30:00+07:00</c>.</summary>
    public static string FhirInstant(DateTimeOffset time) =>
        time.ToOffset(CambodiaOffset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static bool IsKhmerDigit(char c) => c is >= '\u17E0' and <= '\u17E9';
}
