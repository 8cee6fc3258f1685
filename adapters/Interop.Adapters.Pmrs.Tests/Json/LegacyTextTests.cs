using Interop.Adapters.Pmrs.Json;

namespace Interop.Adapters.Pmrs.Tests.Json;

/// <summary>The text habits of PMRS clients, one at a time.</summary>
public sealed class LegacyTextTests
{
    [Theory]
    [InlineData("\u200Bសៅ\u200B", "សៅ")]
    [InlineData("សុ\u200Bវ៉ា\u200Bន់", "សុវ៉ាន់")]
    [InlineData("  សៅ   សុវ៉ាន់ ", "សៅ សុវ៉ាន់")]
    [InlineData("\uFEFFsao", "sao")]
    [InlineData("Ve\u0301ronique", "V\u00E9ronique")]
    public void Name_RemovesZeroWidthSpacesAndComposes(string sent, string expected) =>
        Assert.Equal(expected, LegacyText.Name(sent));

    [Theory]
    [InlineData("១៩៨០-០៥-១៥", "1980-05-15")]
    [InlineData("12010203-00042", "12010203-00042")]
    [InlineData("០១០ ២០៣ ០៤០", "010 203 040")]
    public void AsciiDigits_TurnsKhmerDigitsIntoAsciiDigits(string sent, string expected) =>
        Assert.Equal(expected, LegacyText.AsciiDigits(sent));

    [Theory]
    [InlineData("+855 12 345 678", "+85512345678")]
    [InlineData("(012) 345-678", "012345678")]
    [InlineData("០១២.៣៤៥.៦៧៨", "012345678")]
    public void Phone_KeepsDigitsAndThePlus(string sent, string expected) =>
        Assert.Equal(expected, LegacyText.Phone(sent));

    [Fact]
    public void CambodiaTime_BecomesAFhirInstantAtPlusSeven()
    {
        Assert.True(LegacyText.TryCambodiaTime("2025-02-10 08:30:00", out var time));

        Assert.Equal("2025-02-10T08:30:00+07:00", LegacyText.FhirInstant(time));
        Assert.Equal(new DateTimeOffset(2025, 2, 10, 1, 30, 0, TimeSpan.Zero), time.ToUniversalTime());
    }

    [Theory]
    [InlineData("2025-02-10T08:30:00")]
    [InlineData("2025-02-30 08:30:00")]
    [InlineData("10/02/2025 08:30")]
    public void CambodiaTime_RefusesOtherShapes(string sent) =>
        Assert.False(LegacyText.TryCambodiaTime(sent, out _));
}
