namespace Interop.Standards.Tests.Terminology;

[Collection(StandardsCollection.Name)]
public sealed class TerminologyTests(StandardsFixture fixture)
{
    [Theory]
    [InlineData("PATY-0000N09", "HEF")]
    [InlineData("PATY-00003LD", "HEF")]
    [InlineData("PATY-0000G3E", "NSSF-HI")]
    [InlineData("PATY-000T040", "NSSF-HI")]
    public void Translate_ClaimPaymentType_GivesTheScheme(string paymentType, string scheme)
    {
        var translation = fixture.Catalog.Terminology.Translate("pmrs-payment-type-to-scheme", paymentType);

        Assert.True(translation.IsMatch);
        Assert.Equal((CanonicalUrls.For("CodeSystem", "scheme"), scheme), (translation.System, translation.Code));
    }

    [Theory]
    [InlineData("PATY-0000H08")]
    [InlineData("PATY-0J0000C")]
    [InlineData("PATY-00T001A")]
    public void Translate_PaymentTypeThatIsNotAClaim_IsUnmatchedWithTheMapsReason(string paymentType)
    {
        var translation = fixture.Catalog.Terminology.Translate(CanonicalUrls.For("ConceptMap", "pmrs-payment-type-to-scheme"), paymentType);

        Assert.False(translation.IsMatch);
        Assert.Equal("unmatched", translation.Equivalence);
        Assert.Contains("not a claim", translation.Comment, StringComparison.Ordinal);
    }

    [Fact]
    public void Translate_UnknownCodeOrMap_SaysWhich()
    {
        Assert.Contains("PATY-X", fixture.Catalog.Terminology.Translate("pmrs-payment-type-to-scheme", "PATY-X").Comment, StringComparison.Ordinal);
        Assert.Contains("no-such-map", fixture.Catalog.Terminology.Translate("no-such-map", "M").Comment, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pmrs-sex-to-administrative-gender", "F", "female")]
    [InlineData("hspis-sex-to-administrative-gender", "1", "male")]
    [InlineData("pmrs-marital-status-to-marital-status", "MAST-00M002", "M")]
    [InlineData("pmrs-visit-type-to-visit-type", "VITY-00E000E", "EMER")]
    [InlineData("pmrs-card-type-to-identifier-type", "CARD-NID", "NID")]
    [InlineData("claim-status-to-pmrs-visit-status", "assessed", "certified")]
    [InlineData("claim-status-to-hspis-claim-status", "refused", "REFUSED")]
    public void Translate_LegacyCodes_MapThroughTheStandards(string map, string source, string target)
    {
        Assert.Equal(target, fixture.Catalog.Terminology.Translate(map, source).Code);
    }

    [Fact]
    public void Contains_ValueSetOfASubset_HoldsOnlyTheSubset()
    {
        var terminology = fixture.Catalog.Terminology;
        var system = CanonicalUrls.For("CodeSystem", "pmrs-payment-type");

        Assert.True(terminology.Contains("hef-payment-type", system, "PATY-0000N09"));
        Assert.False(terminology.Contains("hef-payment-type", system, "PATY-0000G3E"));
        Assert.False(terminology.Contains("hef-payment-type", "http://example.org/other", "PATY-0000N09"));
        Assert.True(terminology.Contains(CanonicalUrls.For("ValueSet", "claim-payment-type"), null, "PATY-0000G3E"));
    }

    [Fact]
    public void Display_OfOurCode_IsItsDisplay()
    {
        Assert.Equal("Caesarean delivery", fixture.Catalog.Terminology.Display(CanonicalUrls.For("CodeSystem", "nssf-case-group"), "CG07"));
        Assert.Null(fixture.Catalog.Terminology.Display(CanonicalUrls.For("CodeSystem", "nssf-case-group"), "CG99"));
    }

    [Fact]
    public void Concepts_OfACodeSystem_ListsEveryCodeWithItsProperties()
    {
        var concepts = fixture.Catalog.Terminology.Concepts("pmrs-payment-type");

        Assert.Equal(11, concepts.Count);
        Assert.Equal("HEF", concepts.Single(c => c.Code == "PATY-0000N09").Properties["scheme"]);
        Assert.Empty(fixture.Catalog.Terminology.Concepts("no-such-system"));
    }
}
