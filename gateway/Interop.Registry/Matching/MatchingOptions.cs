namespace Interop.Registry.Matching;

/// <summary>
/// Fellegi-Sunter weights and thresholds. Each comparison level has m (probability of the level for two records of
/// the same person) and u (for two records of different people); its weight is log2(m/u). A pair's weight is the sum
/// over fields; a missing field adds 0. Defaults are justified in the README.
/// </summary>
public sealed record MatchingOptions
{
    /// <summary>At or above: the same person (auto-link). Default 15 bits.</summary>
    public double LinkThreshold { get; set; } = 15;

    /// <summary>At or above (and below the link threshold): kept for review. Default 7 bits.</summary>
    public double ReviewThreshold { get; set; } = 7;

    /// <summary>
    /// A shared identifier (Khmer ID, scheme number) is the same person unless the demographics weigh below this:
    /// then it is a conflict for review, never a silent merge. Default 0 bits (more evidence against than for).
    /// </summary>
    public double IdentifierConflictThreshold { get; set; }

    /// <summary>Added when both records carry a Khmer national ID and the IDs differ: two people, whatever the names say.</summary>
    public double KhmerIdConflictWeight { get; set; } = -30;

    /// <summary>Most records read per blocking key (a very common key cannot flood the matcher). Default 100.</summary>
    public int CandidatesPerKey { get; set; } = 100;

    /// <summary>Family name (Khmer skeleton or romanization key, either order). Few family names are common: u(exact) is high.</summary>
    public FieldWeights FamilyName { get; set; } = new(Exact: new(0.93, 0.05), Close: new(0.06, 0.03), Different: new(0.01, 0.92));

    /// <summary>Given name (the same name given to one person in twenty-five of the same sex, per the skew of Khmer given names).</summary>
    public FieldWeights GivenName { get; set; } = new(Exact: new(0.89, 0.03), Close: new(0.10, 0.05), Different: new(0.01, 0.92));

    /// <summary>Sex (administrative gender).</summary>
    public FieldWeights Sex { get; set; } = new(Exact: new(0.99, 0.5), Close: new(0.005, 0.005), Different: new(0.01, 0.5));

    /// <summary>
    /// Birth date: exact = the same full date; close = the same year or a year apart when one side is year-only, or
    /// full dates one digit apart (a typo) or with day and month swapped; different = anything else.
    /// </summary>
    public FieldWeights BirthDate { get; set; } = new(Exact: new(0.79, 0.002), Close: new(0.205, 0.04), Different: new(0.005, 0.958));

    /// <summary>Village: exact = the same village; close = another village of the same commune (the first 6 digits).</summary>
    public FieldWeights Village { get; set; } = new(Exact: new(0.9, 0.05), Close: new(0.06, 0.2), Different: new(0.04, 0.75));
}

/// <summary>m and u of the three comparison levels of one field.</summary>
/// <param name="Exact">Agreement.</param>
/// <param name="Close">Partial agreement (a spelling variant, a year-only date, the same commune).</param>
/// <param name="Different">Disagreement.</param>
public sealed record FieldWeights(LevelProbabilities Exact, LevelProbabilities Close, LevelProbabilities Different)
{
    /// <summary>The weight (bits) of a level; 0 when either side lacks the field.</summary>
    /// <param name="level">The comparison level.</param>
    /// <returns>log2(m/u).</returns>
    public double Weight(AgreementLevel level) => level switch
    {
        AgreementLevel.Exact => Exact.Weight,
        AgreementLevel.Close => Close.Weight,
        AgreementLevel.Different => Different.Weight,
        _ => 0,
    };
}

/// <summary>m and u of one comparison level.</summary>
/// <param name="M">P(level | same person).</param>
/// <param name="U">P(level | different people).</param>
public sealed record LevelProbabilities(double M, double U)
{
    /// <summary>log2(m/u).</summary>
    public double Weight => Math.Log2(M / U);
}

/// <summary>How two values of a field compare.</summary>
public enum AgreementLevel
{
    /// <summary>One side lacks the field: no evidence.</summary>
    Missing,

    /// <summary>The values agree.</summary>
    Exact,

    /// <summary>The values agree partly.</summary>
    Close,

    /// <summary>The values disagree.</summary>
    Different,
}
