using Interop.Registry.Matching;

namespace Interop.Registry.Tests.Matching;

public sealed class NameNormalizerTests
{
    [Theory]
    [InlineData("SOVANN", "SOVAN")]
    [InlineData("SOVANNA", "SOVAN")]
    [InlineData("Sovan", "SOVAN")]
    [InlineData("CHHUN", "CHUN")]
    [InlineData("SREY POV", "SREYPOV")]
    [InlineData("SOPHEA", "SOPHIA")]
    [InlineData("KHIEV", "KIEV")]
    public void LatinKey_RomanizationVariants_Meet(string one, string other) =>
        Assert.Equal(NameNormalizer.LatinKey(one), NameNormalizer.LatinKey(other));

    [Theory]
    [InlineData("SOK", "SAO")]
    [InlineData("DARA", "DANE")]
    public void LatinKey_DifferentNames_StayApart(string one, string other) =>
        Assert.NotEqual(NameNormalizer.LatinKey(one), NameNormalizer.LatinKey(other));

    [Theory]
    [InlineData("សុវណ្ណ", "សុវន្ន")]
    [InlineData("សុវ៉ាន់", "សុវាន")]
    [InlineData("ឈុន", "ឆុន")]
    [InlineData("សុ\u200Bខា", "សុខា")]
    public void KhmerKey_SpellingVariantsAndZeroWidthCharacters_Meet(string one, string other) =>
        Assert.Equal(NameNormalizer.KhmerKey(one), NameNormalizer.KhmerKey(other));

    [Fact]
    public void KhmerKey_DecomposedAndComposedForms_Meet() =>
        Assert.Equal(NameNormalizer.KhmerKey("\u1780\u17C1\u17B8\u179C"), NameNormalizer.KhmerKey("\u1780\u17BE\u179C"));

    [Fact]
    public void JaroWinkler_KnownPair() => Assert.Equal(0.961, JaroWinkler.Similarity("MARTHA", "MARHTA"), 3);
}
