using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Interop.Gateway.Tests.Pipeline;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Task = System.Threading.Tasks.Task;

namespace Interop.Gateway.Tests.Passthrough;

/// <summary>FHIR clients through <c>/fhir/{alias}/...</c> over real HTTP, with WireMock.Net as the upstreams.</summary>
public sealed class FhirPassthroughTests
{
    internal const string Sender = "KH/GOV/MOH/HIS-120101";
    internal const string Bundle = """{"resourceType":"Bundle","type":"searchset","total":0}""";
    internal const string ClaimResponse = """{"resourceType":"ClaimResponse","status":"active","type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/claim-type","code":"institutional"}]},"use":"claim","patient":{"display":"x"},"created":"2025-02-14","insurer":{"display":"PCA"},"outcome":"queued"}""";

    internal static GatewayFixture NewGateway(params (string Key, string Value)[] settings) => new(settings);

    internal static string Example(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "standards", "examples", name));

    internal static HttpClient Client(GatewayFixture gateway, string? sender = Sender)
    {
        var client = gateway.Factory.CreateClient();
        if (sender is not null)
        {
            client.DefaultRequestHeaders.Add("X-Member-Id", sender);
        }

        return client;
    }

    internal static StringContent FhirJson(string body) => new(body, Encoding.UTF8, "application/fhir+json");

    internal static void Answers(WireMock.Server.WireMockServer upstream, string path, string body, bool post = false)
    {
        var request = Request.Create().WithPath(path);
        upstream.Given(post ? request.UsingPost() : request.UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/fhir+json").WithHeader("X-Transaction-Id", "the-upstream-s-own").WithBody(body));
    }

    internal static async Task<JsonElement> RecordAsync(GatewayFixture gateway, HttpResponseMessage response)
    {
        using var admin = gateway.Factory.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Admin-Key", GatewayFixture.AdminKey);
        var id = Assert.Single(response.Headers.GetValues("X-Transaction-Id")); // the gateway's, not the upstream's
        using var record = JsonDocument.Parse(await admin.GetStringAsync($"/admin/transactions/{id}"));
        return record.RootElement.Clone();
    }

    internal static async Task<JsonElement> OutcomeAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        using var outcome = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("OperationOutcome", outcome.RootElement.GetProperty("resourceType").GetString());
        return outcome.RootElement.Clone();
    }

    private static IEnumerable<string?> Expressions(JsonElement outcome) =>
        outcome.GetProperty("issue").EnumerateArray().SelectMany(i => i.TryGetProperty("expression", out var e) ? e.EnumerateArray().Select(x => x.GetString()) : []);

    [Fact]
    public async Task Search_PathAndQueryArriveAndTheAnswerIsRelayedAndRecorded()
    {
        using var gateway = NewGateway();
        Answers(gateway.Pca, "/fhir/Coverage", Bundle);
        using var client = Client(gateway);

        var response = await client.GetAsync("/fhir/Pca/Coverage?identifier=https%3A%2F%2Ffhir.nspc.gov.kh%2Fsid%2Fspid%7C402187360512&_count=5");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Bundle, await response.Content.ReadAsStringAsync());
        var received = Assert.Single(gateway.Pca.LogEntries).RequestMessage;
        Assert.Equal("/fhir/Coverage", received.Path);
        Assert.Equal("https://fhir.nspc.gov.kh/sid/spid|402187360512", received.Query!["identifier"].Single());
        Assert.Equal("5", received.Query["_count"].Single());
        Assert.Equal(Sender, received.Headers!["X-Member-Id"].Single());
        var record = await RecordAsync(gateway, response);
        Assert.Equal(("fhir-passthrough", "search:Coverage", "completed", 200), (record.GetProperty("adapter").GetString(), record.GetProperty("operation").GetString(), record.GetProperty("status").GetString(), record.GetProperty("httpStatus").GetInt32()));
        Assert.Equal(["KH/GOV/MOH/PCA"], record.GetProperty("upstreams").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(Sender, record.GetProperty("sender").GetString());
    }

    [Fact]
    public async Task Submit_ValidClaim_TheSameBytesArriveAndTheAnswerIsRelayed()
    {
        using var gateway = NewGateway();
        Answers(gateway.Pca, "/fhir/Claim/$submit", ClaimResponse, post: true);
        using var client = Client(gateway);
        var claim = Example("kh-claim-hef.json");

        var response = await client.PostAsync("/fhir/pca/Claim/$submit", FhirJson(claim));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ClaimResponse, await response.Content.ReadAsStringAsync());
        Assert.Equal(claim, Assert.Single(gateway.Pca.LogEntries).RequestMessage.Body);
        var record = await RecordAsync(gateway, response);
        Assert.Equal("operation:Claim", record.GetProperty("operation").GetString());
        Assert.True(record.GetProperty("timingsMs").TryGetProperty("validate", out _));
    }

    [Fact]
    public async Task Submit_InvalidResource_IsRefusedNamingTheElementBeforeTheUpstreamSeesIt()
    {
        using var gateway = NewGateway();
        Answers(gateway.Pca, "/fhir/Claim/$submit", ClaimResponse, post: true);
        using var client = Client(gateway);
        var claim = Example("kh-claim-hef.json").Replace("HEF-IPD-DELIVERY", "NOT-A-HEF-SERVICE", StringComparison.Ordinal);

        var response = await client.PostAsync("/fhir/Pca/Claim/$submit", FhirJson(claim));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(Expressions(await OutcomeAsync(response)), e => e!.StartsWith("Claim.item[0].productOrService", StringComparison.Ordinal));
        Assert.Empty(gateway.Pca.LogEntries);
        Assert.Equal("refused", (await RecordAsync(gateway, response)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Register_IdentityOnly_IsForwardedToTheRegistry()
    {
        using var gateway = NewGateway();
        Answers(gateway.Registry, "/fhir/Patient/$register", Bundle, post: true);
        using var client = Client(gateway);

        var response = await client.PostAsync("/fhir/Registry/Patient/$register", FhirJson(Example("kh-patient-identity.json")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(gateway.Registry.LogEntries);
    }

    [Fact]
    public async Task Register_WithAProgramElement_IsRefusedNamingTheElementAndNeverReachesTheRegistry()
    {
        using var gateway = NewGateway();
        Answers(gateway.Registry, "/fhir/Patient/$register", Bundle, post: true);
        using var client = Client(gateway);
        var patient = JsonNode.Parse(Example("kh-patient-identity.json"))!.AsObject();
        patient.Remove("meta");
        patient["maritalStatus"] = JsonNode.Parse("""{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-MaritalStatus","code":"M"}]}""");

        var response = await client.PostAsync("/fhir/Registry/Patient/$register", FhirJson(patient.ToJsonString()));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var outcome = await OutcomeAsync(response);
        Assert.Equal(["Patient.maritalStatus"], Expressions(outcome));
        Assert.Equal("security", outcome.GetProperty("issue")[0].GetProperty("code").GetString());
        Assert.Empty(gateway.Registry.LogEntries);
    }

    [Fact]
    public async Task UpstreamDown_Answers503OperationOutcomeAndRecordsAFailedTransaction()
    {
        using var gateway = NewGateway();
        gateway.Pca.Stop();
        using var client = Client(gateway);

        var response = await client.PostAsync("/fhir/Pca/Claim/$submit", FhirJson(Example("kh-claim-hef.json")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var outcome = await OutcomeAsync(response);
        Assert.Equal("upstream-unavailable", outcome.GetProperty("issue")[0].GetProperty("details").GetProperty("coding")[0].GetProperty("code").GetString());
        var record = await RecordAsync(gateway, response);
        Assert.Equal(("failed", 503), (record.GetProperty("status").GetString(), record.GetProperty("httpStatus").GetInt32()));
        Assert.Equal(["KH/GOV/MOH/PCA"], record.GetProperty("upstreams").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("/fhir/Nowhere/Patient/1", Sender, "application/fhir+json", 1_048_576, HttpStatusCode.NotFound)]
    [InlineData("/fhir/Pca/Claim", null, "application/fhir+json", 1_048_576, HttpStatusCode.Unauthorized)]
    [InlineData("/fhir/Pca/Claim", "not a member", "application/fhir+json", 1_048_576, HttpStatusCode.Unauthorized)]
    [InlineData("/fhir/Pca/Claim", Sender, "application/json", 1_048_576, HttpStatusCode.UnsupportedMediaType)]
    [InlineData("/fhir/Pca/Claim", Sender, "application/fhir+json", 100, HttpStatusCode.RequestEntityTooLarge)]
    public async Task Refusals_AreOperationOutcomesAndNothingIsForwarded(string path, string? sender, string contentType, int maxRequestBytes, HttpStatusCode expected)
    {
        using var gateway = NewGateway(("Passthrough:MaxRequestBytes", maxRequestBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        using var client = Client(gateway, sender);

        var response = await client.PostAsync(path, new StringContent(Example("kh-claim-hef.json"), Encoding.UTF8, contentType));

        Assert.Equal(expected, response.StatusCode);
        await OutcomeAsync(response);
        Assert.Empty(gateway.Pca.LogEntries);
    }

    [Fact]
    public async Task TheStandardsApi_StillAnswersUnderFhir()
    {
        using var gateway = NewGateway();
        using var client = Client(gateway);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/fhir/metadata")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/fhir/StructureDefinition/kh-patient-identity")).StatusCode);
    }
}
