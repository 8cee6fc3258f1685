using Interop.Standards.Validation;

namespace Interop.Standards.Tests.Validation;

[Collection(StandardsCollection.Name)]
public sealed class ParseTests(StandardsFixture fixture)
{
    [Fact]
    public void ParseAndValidate_UnknownElement_ReportsItsPathAndPosition()
    {
        var parsed = fixture.Catalog.Validator.ParseAndValidate("""{"resourceType":"Patient","name":[{"family":"Sao","nickname":"Vann"}]}""");

        Assert.Null(parsed.Resource);
        var issue = Assert.Single(parsed.Report.Issues);
        Assert.Equal((ValidationRules.Parse, "Patient.name[0].nickname"), (issue.Rule, issue.Path));
        Assert.Contains("line 1", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseAndValidate_WrongJsonTypeAndBadDate_ReportsBoth()
    {
        var parsed = fixture.Catalog.Validator.ParseAndValidate("""{"resourceType":"Patient","active":"yes","birthDate":"1980-13-01"}""");

        var paths = parsed.Report.Issues.Select(i => i.Path).ToList();
        Assert.Contains("Patient.active", paths);
        Assert.Contains("Patient.birthDate", paths);
        Assert.False(parsed.Report.IsValid);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"resourceType\":\"Patiant\"}")]
    [InlineData("{\"name\":[]}")]
    public void ParseAndValidate_NotAResource_ReportsAParseErrorWithoutThrowing(string json)
    {
        var parsed = fixture.Catalog.Validator.ParseAndValidate(json);

        Assert.Null(parsed.Resource);
        Assert.All(parsed.Report.Issues, i => Assert.Equal(ValidationRules.Parse, i.Rule));
        Assert.NotEmpty(parsed.Report.Issues);
    }

    [Fact]
    public void ParseAndValidate_ValidJson_ValidatesAgainstTheClaimedProfile()
    {
        var json = File.ReadAllText(Path.Combine(StandardsFixture.ExamplesFolder, "kh-claim-nssf.json")).Replace("\"claim\"", "\"preauthorization\"", StringComparison.Ordinal);

        var parsed = fixture.Catalog.Validator.ParseAndValidate(json);

        Assert.NotNull(parsed.Resource);
        Assert.Equal("Claim.use", Assert.Single(parsed.Report.Issues).Path);
        Assert.EndsWith("kh-claim-nssf", parsed.Report.Profile, StringComparison.Ordinal);
    }
}
