using Interop.Registry.Spids;

namespace Interop.Registry.Tests.Spids;

public sealed class SpidTests
{
    [Fact]
    public void NewRandom_IsTwelveDigitsNotStartingWithZeroWithAValidCheckDigit()
    {
        var spids = Enumerable.Range(0, 1000).Select(_ => Spid.NewRandom()).ToList();

        Assert.All(spids, s => Assert.Equal(SpidCheck.Valid, Spid.Check(s)));
        Assert.Equal(1000, spids.Distinct().Count());
    }

    [Fact]
    public void NewRandom_DrawsEveryDigitEvenlyAtEveryPosition()
    {
        const int Draws = 20_000;
        var counts = new int[11, 10];
        for (var n = 0; n < Draws; n++)
        {
            var spid = Spid.NewRandom();
            for (var i = 0; i < 11; i++)
            {
                counts[i, spid[i] - '0']++;
            }
        }

        Assert.Equal(0, counts[0, 0]);
        for (var i = 0; i < 11; i++)
        {
            var expected = Draws / (i == 0 ? 9.0 : 10.0);
            for (var digit = i == 0 ? 1 : 0; digit < 10; digit++)
            {
                // About ±7 standard deviations: a skewed draw (a digit never or twice as often) fails, chance never does.
                Assert.InRange(counts[i, digit], expected * 0.85, expected * 1.15);
            }
        }
    }

    [Fact]
    public void Check_EverySingleMistypedDigit_IsCaught()
    {
        var spid = Spid.NewRandom();
        for (var position = 1; position < 12; position++)
        {
            for (var digit = '0'; digit <= '9'; digit++)
            {
                if (digit != spid[position])
                {
                    Assert.Equal(SpidCheck.InvalidCheckDigit, Spid.Check(spid[..position] + digit + spid[(position + 1)..]));
                }
            }
        }
    }

    [Theory]
    [InlineData("012345678901")]
    [InlineData("40218736051")]
    [InlineData("40218736051a")]
    public void Check_WrongShape_IsInvalidFormat(string value) => Assert.Equal(SpidCheck.InvalidFormat, Spid.Check(value));
}
