using Interop.Adapters.Pmrs.Tests.Support;

namespace Interop.Adapters.Pmrs.Tests.Operations;

/// <summary>Bad query parameters, route values and forms are refused with the parameter's name and the gateway-error code.</summary>
[Collection(PmrsCollection.Name)]
public sealed class QueryRefusalTests(PmrsFixture fixture)
{
    private const string Search = "/api/v1/external/beneficiary/search";

    private static Dictionary<string, IReadOnlyList<string>> Query(params string[] pairs) =>
        pairs.Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => (IReadOnlyList<string>)[p[1]]);

    [Theory]
    [InlineData("spid=402187360513", "spid", "invalid-check-digit")]
    [InlineData("spid=40218736", "spid", "invalid-format")]
    [InlineData("card_type=CARD-NID", "card_number", "missing-value")]
    [InlineData("card_number=010203040", "card_type", "missing-value")]
    [InlineData("card_type=CARD-NID&card_number=01020304", "card_number", "invalid-format")]
    [InlineData("card_type=CARD-NSSF&card_number=12004567", "card_number", "invalid-format")]
    [InlineData("card_type=CARD-HEF&card_number=1201020300042", "card_number", "invalid-format")]
    [InlineData("card_type=CARD-X&card_number=010203040", "card_type", "unknown-code")]
    [InlineData("page=1", "card_number", "missing-value")]
    public async Task Search_BadParameters_AreRefusedWithTheParameterAndCode(string query, string path, string code)
    {
        var mapping = await fixture.MapAsync(PmrsFixture.Get("beneficiary-search", Search, Query(query.Split('&'))));

        var error = Assert.Single(mapping.Items[0].Errors);
        Assert.Equal((path, code), (error.Path, error.Code));
        Assert.Empty(mapping.Items[0].Interactions);
    }

    [Fact]
    public async Task Search_BySpidAndCard_IsRefusedAsInconsistent()
    {
        var mapping = await fixture.MapAsync(PmrsFixture.Get("beneficiary-search", Search, Query("spid=402187360512", "card_type=CARD-NID", "card_number=010203040")));

        Assert.Equal(("spid", "inconsistent-values"), (mapping.Items[0].Errors[0].Path, mapping.Items[0].Errors[0].Code));
    }

    [Fact]
    public async Task Search_KhmerDigitsInTheCardNumber_AreRead()
    {
        var mapping = await fixture.MapAsync(PmrsFixture.Get("beneficiary-search", Search, Query("card_type=CARD-NID", "card_number=០១០២០៣០៤០")));

        Assert.Equal(
            "Patient/$ihe-pix?sourceIdentifier=https://fhir.nspc.gov.kh/sid/khmer-national-id|010203040",
            Assert.Single(mapping.Items[0].Interactions).Url);
    }

    [Theory]
    [InlineData("", "type", "missing-value")]
    [InlineData("type=genders", "type", "unknown-code")]
    [InlineData("type=card_types&per_page=0", "per_page", "invalid-value")]
    [InlineData("type=card_types&per_page=1000", "per_page", "invalid-value")]
    [InlineData("type=card_types&page=x", "page", "invalid-value")]
    public async Task StandardData_BadParameters_AreRefused(string query, string path, string code)
    {
        var pairs = query.Length == 0 ? [] : query.Split('&');

        var mapping = await fixture.MapAsync(PmrsFixture.Get("standard-data", "/api/v1/external/common/standard-data", Query(pairs)));

        var error = Assert.Single(mapping.Items[0].Errors);
        Assert.Equal((path, code), (error.Path, error.Code));
    }

    [Theory]
    [InlineData("", "missing-value")]
    [InlineData("V12-25-1", "invalid-format")]
    public async Task Status_BadVisitCode_IsRefused(string visitCode, string code)
    {
        var mapping = await fixture.MapAsync(PmrsFixture.Get("visit-status", $"/api/v1/external/visits/{visitCode}/status", route: new Dictionary<string, string> { ["visit_code"] = visitCode }));

        Assert.Equal(("visit_code", code), (mapping.Items[0].Errors[0].Path, mapping.Items[0].Errors[0].Code));
    }

    [Theory]
    [InlineData("username=a&password=b&client_id=c&client_secret=d", "grant_type", "missing-value")]
    [InlineData("grant_type=client_credentials&client_id=c&client_secret=d", "grant_type", "unknown-code")]
    [InlineData("grant_type=refresh_token&client_id=c&client_secret=d", "refresh_token", "missing-value")]
    [InlineData("grant_type=password&username=a&password=&client_id=c&client_secret=d", "password", "missing-value")]
    public async Task Token_BadForm_IsRefused(string form, string path, string code)
    {
        var mapping = await fixture.MapAsync(PmrsFixture.Form(form));

        var error = Assert.Single(mapping.Items[0].Errors);
        Assert.Equal((path, code), (error.Path, error.Code));
    }

    [Fact]
    public async Task Token_ValidRefreshGrant_IsAccepted()
    {
        var mapping = await fixture.MapAsync(PmrsFixture.Form("grant_type=refresh_token&refresh_token=r-1&client_id=emr&client_secret=s"));

        Assert.True(mapping.Items[0].IsAccepted);
    }
}
