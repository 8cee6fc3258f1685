using System.Text;

namespace Interop.Registry.Matching;

/// <summary>
/// A rough romanization of Khmer script, close to how registers spell Khmer names in Latin letters (UNGEGN-like,
/// without the two series' vowel distinctions): enough for the romanization key of a Khmer-only name to meet the
/// key of the same name written in Latin elsewhere (សុខ → SOKH, សុវណ្ណ → SOVANN, គឹម → KIM).
/// </summary>
public static class KhmerRomanizer
{
    private static readonly Dictionary<char, string> Consonants = new()
    {
        ['ក'] = "K", ['ខ'] = "KH", ['គ'] = "K", ['ឃ'] = "KH", ['ង'] = "NG",
        ['ច'] = "CH", ['ឆ'] = "CHH", ['ជ'] = "CH", ['ឈ'] = "CHH", ['ញ'] = "NH",
        ['ដ'] = "D", ['ឋ'] = "TH", ['ឌ'] = "D", ['ឍ'] = "TH", ['ណ'] = "N",
        ['ត'] = "T", ['ថ'] = "TH", ['ទ'] = "T", ['ធ'] = "TH", ['ន'] = "N",
        ['ប'] = "B", ['ផ'] = "PH", ['ព'] = "P", ['ភ'] = "PH", ['ម'] = "M",
        ['យ'] = "Y", ['រ'] = "R", ['ល'] = "L", ['វ'] = "V", ['ស'] = "S",
        ['ហ'] = "H", ['ឡ'] = "L", ['អ'] = string.Empty,
    };

    private static readonly HashSet<char> SecondSeries = ['គ', 'ឃ', 'ង', 'ជ', 'ឈ', 'ញ', 'ឌ', 'ឍ', 'ន', 'ទ', 'ធ', 'ព', 'ភ', 'ម', 'យ', 'រ', 'ល', 'វ'];

    private static readonly Dictionary<char, string> Vowels = new()
    {
        ['\u17B6'] = "A", ['\u17B7'] = "I", ['\u17B8'] = "EI", ['\u17B9'] = "I", ['\u17BA'] = "EU",
        ['\u17BB'] = "O", ['\u17BC'] = "OU", ['\u17BD'] = "UO", ['\u17BE'] = "AEU", ['\u17BF'] = "OEU",
        ['\u17C0'] = "IE", ['\u17C1'] = "E", ['\u17C2'] = "AE", ['\u17C3'] = "AI", ['\u17C4'] = "AO",
        ['\u17C5'] = "AU", ['\u17C6'] = "AM", ['\u17C7'] = "AH", ['\u17C8'] = "A",
        ['\u17A5'] = "E", ['\u17A6'] = "EI", ['\u17A7'] = "O", ['\u17AA'] = "OV", ['\u17AB'] = "RU", ['\u17AF'] = "AE", ['\u17B1'] = "AO", ['\u17B3'] = "AU",
    };

    /// <summary>The Latin spelling of a Khmer-script name part.</summary>
    /// <param name="khmer">The name in Khmer script.</param>
    /// <returns>Upper-case Latin letters, or <see langword="null"/> when nothing is left.</returns>
    public static string? Romanize(string? khmer)
    {
        if (string.IsNullOrWhiteSpace(khmer))
        {
            return null;
        }

        var text = khmer.Normalize(NormalizationForm.FormC).Replace("\u17C1\u17B8", "\u17BE", StringComparison.Ordinal).Replace("\u17C1\u17B6", "\u17C4", StringComparison.Ordinal);
        var builder = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (Consonants.TryGetValue(c, out var consonant))
            {
                var subscript = i > 0 && text[i - 1] == '\u17D2';
                builder.Append(consonant);

                // A consonant with no vowel of its own, not the first of a cluster, followed by another consonant carries
                // the inherent vowel: a in the first series, o in the second (ពន្លក → PONLOK, វណ្ណ → VANN).
                var next = NextLetter(text, i + 1);
                var startsCluster = i + 1 < text.Length && text[i + 1] == '\u17D2';
                if (!startsCluster && next is { } n && Consonants.ContainsKey(n) && !(subscript && NextLetter(text, i + 1) is null))
                {
                    builder.Append(SecondSeries.Contains(c) ? 'O' : 'A');
                }
            }
            else if (Vowels.TryGetValue(c, out var vowel))
            {
                builder.Append(vowel);
            }
        }

        return builder.Length == 0 ? null : builder.ToString();
    }

    private static char? NextLetter(string text, int from)
    {
        for (var i = from; i < text.Length; i++)
        {
            if (Consonants.ContainsKey(text[i]) || Vowels.ContainsKey(text[i]))
            {
                return text[i];
            }
        }

        return null;
    }
}
