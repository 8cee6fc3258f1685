using Interop.Contracts.Standards;
using Interop.Standards.Identifiers;

namespace Interop.Standards.Tests.Identifiers;

[Collection(StandardsCollection.Name)]
public sealed class IdentifierSystemTests(StandardsFixture fixture)
{
    [Theory]
    [InlineData("khmer-national-id", "010203040", IdentifierCheck.Valid)]
    [InlineData("khmer-national-id", "01020304", IdentifierCheck.InvalidFormat)]
    [InlineData("khmer-national-id", "០១០២០៣០៤០", IdentifierCheck.InvalidFormat)]
    [InlineData("khmer-national-id", "010203040\n", IdentifierCheck.InvalidFormat)]
    [InlineData("nssf-member-number", "1200456789", IdentifierCheck.Valid)]
    [InlineData("nssf-member-number", "120045678", IdentifierCheck.InvalidFormat)]
    [InlineData("idpoor-equity-card", "12010203-00042", IdentifierCheck.Valid)]
    [InlineData("idpoor-equity-card", "1201020300042", IdentifierCheck.InvalidFormat)]
    [InlineData("nssf-employer-registration", "E0012345", IdentifierCheck.Valid)]
    [InlineData("nssf-employer-registration", "0012345", IdentifierCheck.InvalidFormat)]
    [InlineData("moh-facility-code", "120101", IdentifierCheck.Valid)]
    [InlineData("gazetteer-village", "12010203", IdentifierCheck.Valid)]
    [InlineData("gazetteer-village", "120102", IdentifierCheck.InvalidFormat)]
    [InlineData("hspis-claim-number", "120101-C-2025-00412", IdentifierCheck.Valid)]
    [InlineData("pmrs-visit-code", "V120101-25-000193", IdentifierCheck.Valid)]
    [InlineData("spid", "402187360512", IdentifierCheck.Valid)]
    [InlineData("spid", "402187360513", IdentifierCheck.InvalidCheckDigit)]
    [InlineData("spid", "402187360521", IdentifierCheck.InvalidCheckDigit)]
    [InlineData("spid", "02187360512", IdentifierCheck.InvalidFormat)]
    public void Check_IdentifierValue_FollowsItsNamingSystem(string system, string value, IdentifierCheck expected)
    {
        Assert.Equal(expected, fixture.Catalog.IdentifierSystems.Check(CanonicalUrls.IdentifierSystem(system), value));
    }

    [Fact]
    public void Check_SystemThatIsNotOurs_IsUnknown()
    {
        Assert.Equal(IdentifierCheck.UnknownSystem, fixture.Catalog.IdentifierSystems.Check("urn:oid:2.16.840.1", "1"));
    }

    [Fact]
    public void Verhoeff_CatchesEverySingleDigitErrorAndEveryAdjacentSwap()
    {
        var random = new Random(20261123);
        for (var n = 0; n < 500; n++)
        {
            var body = string.Concat(Enumerable.Range(0, 11).Select(_ => (char)('0' + random.Next(10))));
            var spid = body + Verhoeff.Compute(body);
            Assert.True(Verhoeff.IsValid(spid));

            for (var i = 0; i < spid.Length; i++)
            {
                for (var d = '0'; d <= '9'; d++)
                {
                    if (d != spid[i])
                    {
                        Assert.False(Verhoeff.IsValid(spid[..i] + d + spid[(i + 1)..]), $"{spid}: digit {i} changed to {d}");
                    }
                }

                if (i + 1 < spid.Length && spid[i] != spid[i + 1])
                {
                    Assert.False(Verhoeff.IsValid(spid[..i] + spid[i + 1] + spid[i] + spid[(i + 2)..]), $"{spid}: digits {i} and {i + 1} swapped");
                }
            }
        }
    }

    [Theory]
    [InlineData("236", 3)]
    [InlineData("12345", 1)]
    [InlineData("142857", 0)]
    public void Verhoeff_Compute_MatchesPublishedExamples(string digits, int check)
    {
        Assert.Equal(check, Verhoeff.Compute(digits));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12a4")]
    [InlineData("១២៣")]
    public void Verhoeff_IsValid_RefusesAnythingButAsciiDigits(string text)
    {
        Assert.False(Verhoeff.IsValid(text));
    }
}
