using System.Globalization;
using System.Text;

namespace Interop.Registry.Matching;

/// <summary>
/// Comparison keys for names. Khmer script: NFC, zero-width characters and spaces removed, the signs people add or
/// drop freely (bantoc, muusikatoan, triisap, coeng, samyok sannya...) removed, consonants of the same sound in the two
/// series folded (ណ/ន, ឈ/ឆ, ភ/ផ...), doubled letters collapsed. Latin script: accents and non-letters removed,
/// upper case, the romanization variants of Khmer sounds folded (CHH/CH, KH/K, PH/P, TH/T, OU/U, EA/IA, Y/I, W/V),
/// doubled letters collapsed and a final A or H dropped, so SOVANN, SOVAN and SOVANNA, or CHHUN and CHUN, meet.
/// </summary>
public static class NameNormalizer
{
    private static readonly (string From, string To)[] LatinFolds =
    [
        ("CHH", "C"), ("CH", "C"), ("KH", "K"), ("PH", "P"), ("TH", "T"), ("SH", "S"), ("NH", "N"), ("GN", "N"),
        ("W", "V"), ("Y", "I"), ("OU", "U"), ("OO", "U"), ("EA", "A"), ("IA", "A"), ("IE", "E"), ("AE", "E"), ("EI", "I"), ("Q", "K"), ("Z", "S"),
    ];

    /// <summary>Whether the text is written in Khmer script.</summary>
    /// <param name="text">A name.</param>
    /// <returns><see langword="true"/> when it holds a Khmer letter.</returns>
    public static bool IsKhmer(string text) => text.Any(c => c is >= '\u1780' and <= '\u17FF');

    /// <summary>The comparison key of a Khmer-script name part.</summary>
    /// <param name="name">The name as written.</param>
    /// <returns>The key, or <see langword="null"/> when nothing is left.</returns>
    public static string? KhmerKey(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        // Unicode gives Khmer split vowels no canonical composition: the two-part spellings typed for ើ and ោ are folded by hand.
        var text = name.Normalize(NormalizationForm.FormC).Replace("\u17C1\u17B8", "\u17BE", StringComparison.Ordinal).Replace("\u17C1\u17B6", "\u17C4", StringComparison.Ordinal);
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var folded = c switch
            {
                // Zero-width characters, spaces, and the signs written or dropped at will.
                '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' => '\0',
                '\u17C9' or '\u17CA' or '\u17CB' or '\u17CC' or '\u17CD' or '\u17CE' or '\u17CF' or '\u17D0' or '\u17D1' or '\u17D2' or '\u17D3' or '\u17DD' => '\0',
                // Consonants of the same sound in the two series, or retroflex and dental.
                '\u178E' => '\u1793', // ណ -> ន
                '\u1788' => '\u1786', // ឈ -> ឆ
                '\u1783' => '\u1781', // ឃ -> ខ
                '\u1797' => '\u1795', // ភ -> ផ
                '\u178D' => '\u1792', // ឍ -> ធ
                '\u178C' => '\u178A', // ឌ -> ដ
                '\u178B' => '\u1790', // ឋ -> ថ
                _ when char.IsWhiteSpace(c) || char.IsPunctuation(c) => '\0',
                _ => c,
            };
            if (folded != '\0' && (builder.Length == 0 || builder[^1] != folded))
            {
                builder.Append(folded);
            }
        }

        return builder.Length == 0 ? null : builder.ToString();
    }

    /// <summary>The letters of a Latin-script name, upper case, without accents or separators (for typo similarity).</summary>
    /// <param name="name">The name as written.</param>
    /// <returns>The letters, or <see langword="null"/> when there are none.</returns>
    public static string? LatinLetters(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var letters = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormKD))
        {
            if (char.IsAsciiLetter(c))
            {
                letters.Append(char.ToUpperInvariant(c));
            }
        }

        return letters.Length == 0 ? null : letters.ToString();
    }

    /// <summary>The romanization-aware key of a Latin-script name part.</summary>
    /// <param name="name">The name as written.</param>
    /// <returns>The key, or <see langword="null"/> when nothing is left.</returns>
    public static string? LatinKey(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var letters = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormKD))
        {
            if (char.IsAsciiLetter(c))
            {
                letters.Append(char.ToUpperInvariant(c));
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
        }

        var text = letters.ToString();
        foreach (var (from, to) in LatinFolds)
        {
            text = text.Replace(from, to, StringComparison.Ordinal);
        }

        var collapsed = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (collapsed.Length == 0 || collapsed[^1] != c)
            {
                collapsed.Append(c);
            }
        }

        if (collapsed.Length > 3 && collapsed[^1] is 'A' or 'H')
        {
            collapsed.Length--;
        }

        // Khmer o/u, e/i and a final vowel-like v are written either way (CHHUN/CHON, PROM/PRUM, PECH/PICH, KEO/KEV, MAO/MAU).
        collapsed.Replace('U', 'O').Replace('E', 'I');
        if (collapsed.Length > 2 && collapsed[^1] == 'V')
        {
            collapsed[^1] = 'O';
        }

        collapsed.Replace("IO", "O");
        for (var i = collapsed.Length - 1; i > 0; i--)
        {
            if (collapsed[i] == collapsed[i - 1])
            {
                collapsed.Remove(i, 1);
            }
        }

        return collapsed.Length == 0 ? null : collapsed.ToString();
    }
}
