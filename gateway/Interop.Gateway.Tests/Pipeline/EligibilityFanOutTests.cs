using System.Net.Http.Json;
using System.Text.Json;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Task = System.Threading.Tasks.Task;

namespace Interop.Gateway.Tests.Pipeline;

/// <summary>Eligibility: the registry's cross-reference decides which operators the gateway asks.</summary>
public sealed class EligibilityFanOutTests
{
    private const string Sid = "https://fhir.nspc.gov.kh/sid/";

    [Fact]
    public async Task Eligibility_PersonLinkedToTwoSchemes_AsksEachOperatorWithItsOwnCard()
    {
        using var gateway = new GatewayFixture();
        gateway.Registry.Given(Request.Create().WithPath("/fhir/Patient/$ihe-pix").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/fhir+json").WithBody($$$"""
                {"resourceType":"Parameters","parameter":[
                  {"name":"targetIdentifier","valueIdentifier":{"system":"{{{Sid}}}spid","value":"402187360512"}},
                  {"name":"targetIdentifier","valueIdentifier":{"system":"{{{Sid}}}idpoor-equity-card","value":"12010203-00042"}},
                  {"name":"targetIdentifier","valueIdentifier":{"system":"{{{Sid}}}nssf-member-number","value":"1200456789"}}]}
                """));
        gateway.Registry.Given(Request.Create().WithPath("/fhir/Patient/402187360512").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/fhir+json").WithBody("""{"resourceType":"Patient","gender":"male"}"""));
        foreach (var (server, status) in new[] { (gateway.Pca, 200), (gateway.Nssf, 404) })
        {
            server.Given(Request.Create().WithPath("/fhir/CoverageEligibilityRequest").UsingPost())
                .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/fhir+json").WithBody(status == 200
                    ? """{"resourceType":"CoverageEligibilityResponse","status":"active","purpose":["validation"],"patient":{"display":"x"},"created":"2025-02-14","request":{"display":"x"},"outcome":"complete","insurer":{"display":"PCA"}}"""
                    : """{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found"}]}"""));
        }

        using var client = gateway.Factory.CreateClient();

        var answers = await client.GetFromJsonAsync<JsonElement>("/clinic/eligibility?nid=010203040");

        Assert.Equal(
            ["pix-query 200", "registry-patient 200", "eligibility@KH/GOV/MOH/PCA 200", "eligibility@KH/GOV/NSSF/HSPIS 404"],
            answers.EnumerateArray().Select(a => $"{a.GetProperty("purpose").GetString()} {a.GetProperty("status").GetInt32()}"));
        var asked = Assert.Single(gateway.Pca.LogEntries).RequestMessage.Body!;
        Assert.Contains("12010203-00042", asked, StringComparison.Ordinal);
        Assert.DoesNotContain("1200456789", asked, StringComparison.Ordinal);
        Assert.Contains("1200456789", Assert.Single(gateway.Nssf.LogEntries).RequestMessage.Body!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eligibility_PersonUnknownToTheRegistry_AsksNoOperator()
    {
        using var gateway = new GatewayFixture();
        gateway.Registry.Given(Request.Create().WithPath("/fhir/Patient/$ihe-pix").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(404).WithHeader("Content-Type", "application/fhir+json").WithBody("""{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found"}]}"""));
        using var client = gateway.Factory.CreateClient();

        var answers = await client.GetFromJsonAsync<JsonElement>("/clinic/eligibility?nid=010203040");

        Assert.Equal("pix-query", Assert.Single(answers.EnumerateArray()).GetProperty("purpose").GetString());
        Assert.Empty(gateway.Pca.LogEntries);
        Assert.Empty(gateway.Nssf.LogEntries);
    }
}
