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
