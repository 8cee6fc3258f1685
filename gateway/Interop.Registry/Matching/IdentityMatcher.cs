namespace Interop.Registry.Matching;

/// <summary>Scores a pair of records with the Fellegi-Sunter weights of <see cref="MatchingOptions"/>.</summary>
/// <param name="options">Weights and thresholds.</param>
public sealed class IdentityMatcher(MatchingOptions options)
{
    /// <summary>Jaro-Winkler similarity from which two name keys count as a spelling variant.</summary>
    public const double CloseName = 0.88;

    /// <summary>The options in force.</summary>
    public MatchingOptions Options { get; } = options;

    /// <summary>Compares two records field by field.</summary>
    /// <param name="a">One record (features only are read).</param>
    /// <param name="b">The other.</param>
    /// <returns>The total weight and each field's level and weight.</returns>
    public PairScore Score(Storage.IdentityRecord a, Storage.IdentityRecord b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var (khmerFamily, khmerGiven) = CompareNames(new(a.KhmerFamily, null), new(a.KhmerGiven, null), new(b.KhmerFamily, null), new(b.KhmerGiven, null));
        var (latinFamily, latinGiven) = CompareNames(
            new(a.LatinFamily, a.LatinFamilyLetters), new(a.LatinGiven, a.LatinGivenLetters), new(b.LatinFamily, b.LatinFamilyLetters), new(b.LatinGiven, b.LatinGivenLetters));
        var family = Best(khmerFamily, latinFamily);
        var given = Best(khmerGiven, latinGiven);
        var sex = a.Sex is null || b.Sex is null ? AgreementLevel.Missing : a.Sex == b.Sex ? AgreementLevel.Exact : AgreementLevel.Different;
        var birth = CompareBirthDates(a.BirthDate, b.BirthDate);
        var village = CompareVillages(a.Village, b.Village);

        FieldScore[] fields =
        [
            new("family-name", family, Options.FamilyName.Weight(family)),
            new("given-name", given, Options.GivenName.Weight(given)),
            new("sex", sex, Options.Sex.Weight(sex)),
            new("birth-date", birth, Options.BirthDate.Weight(birth)),
            new("village", village, Options.Village.Weight(village)),
        ];
        var conflict = a.KhmerId is not null && b.KhmerId is not null && a.KhmerId != b.KhmerId;
        var total = fields.Sum(f => f.Weight) + (conflict ? Options.KhmerIdConflictWeight : 0);
        if (family == AgreementLevel.Missing && given == AgreementLevel.Missing)
        {
            // Names never compared (one side Khmer script only, the other Latin only): never an automatic link.
            total = Math.Min(total, Options.LinkThreshold - 0.01);
        }

        return new PairScore(total, fields, conflict);
    }

    /// <summary>A score from 0 to 1 for a weight: the posterior probability with prior odds that put the link threshold at 0.95.</summary>
    /// <param name="weight">The pair's weight in bits.</param>
    /// <returns>The score.</returns>
    public double Probability(double weight) => 1 / (1 + Math.Pow(2, -(weight - Options.LinkThreshold + Math.Log2(19))));

    internal static AgreementLevel CompareBirthDates(string? a, string? b)
    {
        if (a is null || b is null || a.Length < 4 || b.Length < 4)
        {
            return AgreementLevel.Missing;
        }

        if (a.Length == 10 && b.Length == 10)
        {
            if (a == b)
            {
                return AgreementLevel.Exact;
            }

            // One mistyped digit, or day and month swapped.
            var differing = a.Zip(b).Count(p => p.First != p.Second);
            var swapped = a[..4] == b[..4] && a[5..7] == b[8..10] && a[8..10] == b[5..7];
            return differing == 1 || swapped ? AgreementLevel.Close : AgreementLevel.Different;
        }

        // A year-only (estimated) date says nothing finer than the year; estimates are often a year off.
        var yearA = int.Parse(a.AsSpan(0, 4), System.Globalization.CultureInfo.InvariantCulture);
        var yearB = int.Parse(b.AsSpan(0, 4), System.Globalization.CultureInfo.InvariantCulture);
        return Math.Abs(yearA - yearB) <= 1 ? AgreementLevel.Close : AgreementLevel.Different;
    }

    internal static AgreementLevel CompareVillages(string? a, string? b) =>
        a is null || b is null ? AgreementLevel.Missing
        : a == b ? AgreementLevel.Exact
        : a.Length >= 6 && b.Length >= 6 && a.AsSpan(0, 6).SequenceEqual(b.AsSpan(0, 6)) ? AgreementLevel.Close
        : AgreementLevel.Different;

    private static AgreementLevel Best(AgreementLevel x, AgreementLevel y) =>
        x == AgreementLevel.Missing ? y : y == AgreementLevel.Missing ? x : (AgreementLevel)Math.Min((int)x, (int)y);

    /// <summary>Family and given name levels in one script, in whichever order fits better (names are often swapped).</summary>
    private static (AgreementLevel Family, AgreementLevel Given) CompareNames(NamePart family1, NamePart given1, NamePart family2, NamePart given2)
    {
        if ((family1.Key is null && given1.Key is null) || (family2.Key is null && given2.Key is null))
        {
            return (AgreementLevel.Missing, AgreementLevel.Missing);
        }

        var straight = (Similarity(family1, family2), Similarity(given1, given2));
        var swapped = (Similarity(family1, given2), Similarity(given1, family2));
        var best = Sum(swapped) > Sum(straight) + 1e-9 ? swapped : straight;
        return (Level(best.Item1), Level(best.Item2));
    }

    private static double Sum((double? A, double? B) pair) => (pair.A ?? 0) + (pair.B ?? 0);

    /// <summary>1 for equal keys; otherwise the better of the keys' and the letters' similarity, below 1.</summary>
    private static double? Similarity(NamePart x, NamePart y)
    {
        if (x.Key is null || y.Key is null)
        {
            return null;
        }

        if (x.Key == y.Key)
        {
            return 1;
        }

        var letters = x.Letters is not null && y.Letters is not null ? JaroWinkler.Similarity(x.Letters, y.Letters) : 0;
        return Math.Min(0.999, Math.Max(JaroWinkler.Similarity(x.Key, y.Key), letters));
    }

    private readonly record struct NamePart(string? Key, string? Letters);

    private static AgreementLevel Level(double? similarity) => similarity switch
    {
        null => AgreementLevel.Missing,
        >= 1 => AgreementLevel.Exact,
        >= CloseName => AgreementLevel.Close,
        _ => AgreementLevel.Different,
    };
}

/// <summary>The comparison of two records.</summary>
/// <param name="Weight">The sum of the field weights (bits).</param>
/// <param name="Fields">Each field's level and weight.</param>
/// <param name="KhmerIdConflict">Both carry a Khmer national ID and they differ.</param>
public sealed record PairScore(double Weight, IReadOnlyList<FieldScore> Fields, bool KhmerIdConflict);

/// <summary>One field of a comparison.</summary>
/// <param name="Field">The field (<c>family-name</c>, <c>given-name</c>, <c>sex</c>, <c>birth-date</c>, <c>village</c>).</param>
/// <param name="Level">How the values compare.</param>
/// <param name="Weight">The weight it adds (bits).</param>
public sealed record FieldScore(string Field, AgreementLevel Level, double Weight);
