using Interop.Registry.Matching;
using Interop.Registry.Storage;

namespace Interop.Registry.Tests.Matching;

/// <summary>The default weights on the patterns the README justifies them with.</summary>
public sealed class IdentityMatcherTests
{
    private static readonly IdentityMatcher Matcher = new(new MatchingOptions());

    private static IdentityRecord Latin(string family, string given, string sex, string birth, string village, string? khmerId = null) => new()
    {
        Spid = "x",
        Member = "m",
        ContentDigest = "d",
        ResourceJson = "{}",
        LatinFamily = NameNormalizer.LatinKey(family),
        LatinGiven = NameNormalizer.LatinKey(given),
        LatinFamilyLetters = NameNormalizer.LatinLetters(family),
        LatinGivenLetters = NameNormalizer.LatinLetters(given),
        Sex = sex,
        BirthDate = birth,
        Village = village,
        KhmerId = khmerId,
    };

    [Fact]
    public void Score_SamePersonWithYearOnlyBirthAndRomanizationVariants_Links()
    {
        var score = Matcher.Score(Latin("CHHUN", "SOVANN", "female", "1988-04-02", "12010203"), Latin("CHUN", "SOVANNA", "female", "1988", "12010203"));

        Assert.True(score.Weight >= Matcher.Options.LinkThreshold, $"{score.Weight}");
    }

    [Fact]
    public void Score_SwappedNameOrder_StillLinks()
    {
        var score = Matcher.Score(Latin("SAO", "DARA", "male", "1975-01-20", "12010203"), Latin("DARA", "SAO", "male", "1975-01-20", "12010203"));

        Assert.Equal([AgreementLevel.Exact, AgreementLevel.Exact], score.Fields.Take(2).Select(f => f.Level));
        Assert.True(score.Weight >= Matcher.Options.LinkThreshold);
    }

    [Fact]
    public void Score_Twins_AreNeverLinkedAutomatically()
    {
        var score = Matcher.Score(Latin("KEO", "DARA", "male", "2001-07-09", "12010203"), Latin("KEO", "VISAL", "male", "2001-07-09", "12010203"));

        Assert.True(score.Weight < Matcher.Options.LinkThreshold, $"{score.Weight}");
    }

    [Fact]
    public void Score_NamesakesBornInAnotherYear_StayOutOfReview()
    {
        var score = Matcher.Score(Latin("SOK", "SOPHEA", "female", "1990-02-11", "12010203"), Latin("SOK", "SOPHEA", "female", "1996-10-30", "12010203"));

        Assert.True(score.Weight < Matcher.Options.ReviewThreshold, $"{score.Weight}");
    }

    [Fact]
    public void Score_DifferentKhmerIds_AreTwoPeopleWhateverTheNames()
    {
        var score = Matcher.Score(Latin("SOK", "SOPHEA", "female", "1990-02-11", "12010203", "010203040"), Latin("SOK", "SOPHEA", "female", "1990-02-11", "12010203", "010203041"));

        Assert.True(score.KhmerIdConflict);
        Assert.True(score.Weight < Matcher.Options.ReviewThreshold);
    }

    [Theory]
    [InlineData("1980-05-15", "1980-05-15", AgreementLevel.Exact)]
    [InlineData("1980", "1980-05-15", AgreementLevel.Close)]
    [InlineData("1981", "1980-05-15", AgreementLevel.Close)]
    [InlineData("1980-05-16", "1980-05-15", AgreementLevel.Close)]
    [InlineData("1980-15-05", "1980-05-15", AgreementLevel.Close)]
    [InlineData("1983", "1980-05-15", AgreementLevel.Different)]
    [InlineData("1981-07-22", "1980-05-15", AgreementLevel.Different)]
    public void CompareBirthDates_YearOnlyIsCloseNotExact(string one, string other, AgreementLevel expected) =>
        Assert.Equal(expected, IdentityMatcher.CompareBirthDates(one, other));

    [Theory]
    [InlineData("សុខ", "SOK")]
    [InlineData("ចាន់", "CHAN")]
    [InlineData("គឹម", "KIM")]
    [InlineData("ពន្លក", "PONLOK")]
    [InlineData("ដារា", "DARA")]
    [InlineData("សុផល", "SOPHAL")]
    [InlineData("អ៊ុក", "OUK")]
    public void KhmerRomanizer_CommonNames_MeetTheirUsualSpelling(string khmer, string latin) =>
        Assert.Equal(NameNormalizer.LatinKey(latin), NameNormalizer.LatinKey(KhmerRomanizer.Romanize(khmer)));
}
