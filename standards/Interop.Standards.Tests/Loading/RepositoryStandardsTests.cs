using Hl7.Fhir.Model;

namespace Interop.Standards.Tests.Loading;

[Collection(StandardsCollection.Name)]
public sealed class RepositoryStandardsTests(StandardsFixture fixture)
{
    [Fact]
    public void Load_RepositoryStandards_LoadsEveryArtifactKind()
    {
        var byType = fixture.Catalog.Artifacts.GroupBy(a => a.Resource.TypeName).ToDictionary(g => g.Key, g => g.Count());

        Assert.True(byType["NamingSystem"] >= 15, "every identifier that crosses the gateway has a NamingSystem");
        Assert.True(byType["CodeSystem"] >= 30);
        Assert.True(byType["ValueSet"] >= 30);
        Assert.True(byType["ConceptMap"] >= 10);
        Assert.True(byType["StructureDefinition"] >= 10);
        Assert.Equal(["nssf-health-insurance", "pca-hef", "registry-identity"], fixture.Catalog.PolicyIds.Order());
    }

    [Theory]
    [InlineData("spid")]
    [InlineData("khmer-national-id")]
    [InlineData("nssf-member-number")]
    [InlineData("idpoor-equity-card")]
    [InlineData("pmrs-patient-code")]
    [InlineData("pmrs-visit-code")]
    [InlineData("hspis-claim-number")]
    [InlineData("hspis-message-id")]
    [InlineData("moh-facility-code")]
    [InlineData("gazetteer-province")]
    [InlineData("gazetteer-district")]
    [InlineData("gazetteer-commune")]
    [InlineData("gazetteer-village")]
    [InlineData("nssf-employer-registration")]
    public void Load_EveryIdentifierThatCrossesTheGateway_HasANamingSystem(string id)
    {
        Assert.True(fixture.Catalog.IdentifierSystems.IsKnown(CanonicalUrls.IdentifierSystem(id)));
    }

    [Fact]
    public void Load_CaseGroups_HasAll52()
    {
        var caseGroups = (CodeSystem)fixture.Catalog.Find(CanonicalUrls.For("CodeSystem", "nssf-case-group"))!;

        Assert.Equal(Enumerable.Range(1, 52).Select(i => $"CG{i:00}"), caseGroups.Concept.Select(c => c.Code));
    }

    [Fact]
    public void Load_Tariff_IsMarkedSampleAndPricesEveryCaseGroup()
    {
        var tariff = fixture.Catalog.Tariff;

        Assert.True(tariff.IsSample);
        Assert.Equal("KHR", tariff.Currency);
        Assert.All(Enumerable.Range(1, 52), i => Assert.True(tariff.CaseGroupAverageCost($"CG{i:00}") > 0));
        Assert.Equal(8000m, tariff.ServicePrice("HEF-LAB-CBC"));
        Assert.True(tariff.FoodAllowancePerDay > 0);
    }
}
