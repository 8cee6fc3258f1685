using System.Globalization;
using System.Text;

namespace Interop.Adapters.Hspis.Mapping;

/// <summary>How H-SPIS writes values, and how they become FHIR values: Khmer digits, Khmer names, dates in Cambodia time, phones, money.</summary>
internal static class LegacyValues
{
    /// <summary>Cambodia time, UTC+7, no daylight saving.</summary>
    public static readonly TimeSpan CambodiaOffset = TimeSpan.FromHours(7);

    /// <summary>Khmer digits (U+17E0..U+17E9) as ASCII digits; other characters unchanged.</summary>
    public static string AsciiDigits(string value)
    {
        if (!value.Any(c => c is >= '\u17E0' and <= '\u17E9'))
        {
            return value;
        }

        return string.Create(value.Length, value, static (span, text) =>
        {
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                span[i] = c is >= '\u17E0' and <= '\u17E9' ? (char)('0' + (c - '\u17E0')) : c;
            }
        });
    }

    /// <summary>An identifier as the NamingSystems expect it: ASCII digits, no spaces.</summary>
    public static string Identifier(string value) => AsciiDigits(value).Replace(" ", "", StringComparison.Ordinal);

    /// <summary>A name in Unicode NFC, without zero-width spaces or byte order marks, single-spaced.</summary>
    public static string Name(string value)
    {
        var cleaned = value.Replace("\u200B", "", StringComparison.Ordinal).Replace("\uFEFF", "", StringComparison.Ordinal);
        cleaned = string.Join(' ', cleaned.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return cleaned.IsNormalized(NormalizationForm.FormC) ? cleaned : cleaned.Normalize(NormalizationForm.FormC);
    }

    /// <summary>Whether a name is written in Khmer script (letters of U+1780..U+17FF, spaces and marks).</summary>
    public static bool IsKhmer(string name) =>
        name.Any(c => c is >= '\u1780' and <= '\u17FF') && name.All(c => c is (>= '\u1780' and <= '\u17FF') or (>= '\u19E0' and <= '\u19FF') or ' ' or '\u200C' or '\u200D');

    /// <summary>Whether a romanized name is upper-case Latin letters, spaces, hyphens and apostrophes.</summary>
    public static bool IsLatin(string name) => name.All(c => c is (>= 'A' and <= 'Z') or ' ' or '-' or '\'');

    /// <summary>A <c>yyyyMMdd</c> date.</summary>
    public static bool TryDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(AsciiDigits(text), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>A <c>yyyyMMddHHmmss</c> date-time in Cambodia time.</summary>
    public static bool TryDateTime(string text, out DateTimeOffset value)
    {
        if (DateTime.TryParseExact(AsciiDigits(text), "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            value = new DateTimeOffset(local, CambodiaOffset);
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>A FHIR date (<c>2025-02-14</c>).</summary>
    public static string FhirDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A FHIR dateTime in Cambodia time (<c>2025-02-14T09:30:00+07:00</c>).</summary>
    public static string FhirDateTime(DateTimeOffset value) =>
        value.ToOffset(CambodiaOffset).ToString("yyyy-MM-dd'T'HH:mm:ss'+07:00'", CultureInfo.InvariantCulture);

    /// <summary>An H-SPIS date (<c>yyyyMMdd</c>) from a FHIR date or dateTime text; empty when there is none.</summary>
    public static string LegacyDate(string? fhirDate)
    {
        if (string.IsNullOrEmpty(fhirDate))
        {
            return "";
        }

        if (DateTimeOffset.TryParse(fhirDate, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant) && fhirDate.Length > 10)
        {
            return instant.ToOffset(CambodiaOffset).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        }

        return fhirDate.Length >= 10 ? fhirDate[..10].Replace("-", "", StringComparison.Ordinal) : fhirDate.Replace("-", "", StringComparison.Ordinal);
    }

    /// <summary>An H-SPIS date-time (<c>yyyyMMddHHmmss</c>, Cambodia time).</summary>
    public static string LegacyDateTime(DateTimeOffset value) =>
        value.ToOffset(CambodiaOffset).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    /// <summary>
    /// A Cambodian phone number in international form (<c>+85512345678</c>) from what H-SPIS sends
    /// (<c>012 345 678</c>, Khmer digits, <c>+855 12 345 678</c>).
    /// </summary>
    public static bool TryPhone(string text, out string phone)
    {
        var digits = new StringBuilder();
        var plus = false;
        foreach (var c in AsciiDigits(text))
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c == '+' && digits.Length == 0 && !plus)
            {
                plus = true;
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')'))
            {
                phone = "";
                return false;
            }
        }

        var number = digits.ToString();
        string national;
        if (number.StartsWith("855", StringComparison.Ordinal) && (plus || number.Length >= 11))
        {
            national = number[3..];
        }
        else if (!plus && number.StartsWith('0'))
        {
            national = number[1..];
        }
        else
        {
            phone = "";
            return false;
        }

        if (national.Length is < 8 or > 9 || national[0] == '0')
        {
            phone = "";
            return false;
        }

        phone = "+855" + national;
        return true;
    }

    /// <summary>A non-negative amount with at most two decimals, written with a dot.</summary>
    public static bool TryAmount(string text, out decimal amount)
    {
        var ascii = AsciiDigits(text).Trim();
        if (decimal.TryParse(ascii, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount) && amount >= 0 && amount.Scale <= 2 && amount < 1_000_000_000_000m)
        {
            return true;
        }

        amount = 0;
        return false;
    }

    /// <summary>An exchange rate: riel per dollar, positive.</summary>
    public static bool TryRate(string text, out decimal rate) =>
        decimal.TryParse(AsciiDigits(text).Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out rate) && rate is > 0 and < 1_000_000m;

    /// <summary>An amount as H-SPIS writes it (<c>1300000.00</c>).</summary>
    public static string LegacyAmount(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);
}
