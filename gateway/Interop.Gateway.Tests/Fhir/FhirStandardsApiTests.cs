using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Interop.Gateway.Tests.Fhir;

/// <summary>The standards' FHIR API through the real pipeline (in-memory test server, real HTTP semantics).</summary>
public sealed class FhirStandardsApiTests(FhirStandardsApiTests.UnsignedGateway factory) : IClassFixture<FhirStandardsApiTests.UnsignedGateway>
{
    /// <summary>The gateway's production settings with signing off: the standards API is public and needs no key.</summary>
    public sealed class UnsignedGateway : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder) => builder.UseSetting("Signing:Mode", "Off");
    }

    private static readonly string Examples = Path.Combine(AppContext.BaseDirectory, "standards", "examples");

    private static StringContent FhirJson(string json) => new(json, Encoding.UTF8, new MediaTypeHeaderValue("application/fhir+json"));

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response)
        where T : Resource
    {
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        var json = await response.Content.ReadAsStringAsync();
        return Assert.IsType<T>(new FhirJsonDeserializer(new DeserializerSettings()).DeserializeResource(json));
    }

    [Fact]
    public async System.Threading.Tasks.Task Validate_ConformingClaim_AnswersOneInformationIssue()
    {
        using var client = factory.CreateClient();

        var response = await client.PostAsync("/fhir/Claim/$validate", FhirJson(File.ReadAllText(Path.Combine(Examples, "kh-claim-hef.json"))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var outcome = await ReadAsync<OperationOutcome>(response);
        Assert.Equal(OperationOutcome.IssueSeverity.Information, Assert.Single(outcome.Issue).Severity);
    }

    [Fact]
    public async System.Threading.Tasks.Task Validate_BrokenClaim_NamesEachElementAndRule()
    {
        using var client = factory.CreateClient();
        var json = File.ReadAllText(Path.Combine(Examples, "kh-claim-hef.json")).Replace("\"value\": 246000", "\"value\": 206000", StringComparison.Ordinal);

        var response = await client.PostAsync("/fhir/Claim/$validate", FhirJson(json));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var issue = Assert.Single((await ReadAsync<OperationOutcome>(response)).Issue);
        Assert.Equal((OperationOutcome.IssueSeverity.Error, "Claim", "kh-claim-1"), (issue.Severity, issue.Expression.Single(), issue.Diagnostics));
    }

    [Fact]
    public async System.Threading.Tasks.Task Validate_AgainstAProfileGivenInTheQuery_UsesIt()
    {
        using var client = factory.CreateClient();
        var patient = """{"resourceType":"Patient","gender":"male","birthDate":"1980","name":[{"family":"SAO"}],"identifier":[{"system":"https://fhir.nspc.gov.kh/sid/khmer-national-id","value":"010203040"}],"maritalStatus":{"text":"married"}}""";

        var response = await client.PostAsync("/fhir/Patient/$validate?profile=https://fhir.nspc.gov.kh/StructureDefinition/kh-patient-identity", FhirJson(patient));

        var issue = Assert.Single((await ReadAsync<OperationOutcome>(response)).Issue);
        Assert.Equal("Patient.maritalStatus", issue.Expression.Single());
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("[]")]
    [InlineData("""{"resourceType":"Patient","nickname":"Vann"}""")]
    public async System.Threading.Tasks.Task Validate_BodyThatIsNotAResource_Answers400WithAnOperationOutcome(string body)
    {
        using var client = factory.CreateClient();

        var response = await client.PostAsync("/fhir/Patient/$validate", FhirJson(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.All((await ReadAsync<OperationOutcome>(response)).Issue, i => Assert.Equal(OperationOutcome.IssueSeverity.Error, i.Severity));
    }

    [Fact]
    public async System.Threading.Tasks.Task Validate_ResourceOfAnotherType_Answers400()
    {
        using var client = factory.CreateClient();

        var response = await client.PostAsync("/fhir/Claim/$validate", FhirJson(File.ReadAllText(Path.Combine(Examples, "kh-facility.json"))));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not a Claim", (await ReadAsync<OperationOutcome>(response)).Issue[0].Details!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async System.Threading.Tasks.Task Validate_Xml_Answers415()
    {
        using var client = factory.CreateClient();

        var response = await client.PostAsync("/fhir/Patient/$validate", new StringContent("<Patient/>", Encoding.UTF8, "application/fhir+xml"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        await ReadAsync<OperationOutcome>(response);
    }

    [Fact]
    public async System.Threading.Tasks.Task Validate_BodyOverTheLimit_Answers413()
    {
        using var client = factory.CreateClient();
        var huge = "{\"resourceType\":\"Patient\",\"text\":{\"status\":\"generated\",\"div\":\"" + new string('x', 5 * 1024 * 1024) + "\"}}";

        var response = await client.PostAsync("/fhir/Patient/$validate", FhirJson(huge));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await ReadAsync<OperationOutcome>(response);
    }

    [Fact]
    public async System.Threading.Tasks.Task Read_Artifact_ReturnsIt()
    {
        using var client = factory.CreateClient();

        var response = await client.GetAsync("/fhir/StructureDefinition/kh-claim-nssf");

        var profile = await ReadAsync<StructureDefinition>(response);
        Assert.Equal("https://fhir.nspc.gov.kh/StructureDefinition/kh-claim-nssf", profile.Url);
    }

    [Fact]
    public async System.Threading.Tasks.Task Read_UnknownArtifact_Answers404WithAnOperationOutcome()
    {
        using var client = factory.CreateClient();

        var response = await client.GetAsync("/fhir/CodeSystem/no-such-thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(OperationOutcome.IssueType.NotFound, (await ReadAsync<OperationOutcome>(response)).Issue[0].Code);
    }

    [Fact]
    public async System.Threading.Tasks.Task Search_ByCanonicalUrl_FindsTheOneArtifact()
    {
        using var client = factory.CreateClient();

        var response = await client.GetAsync("/fhir/ConceptMap?url=https://fhir.nspc.gov.kh/ConceptMap/pmrs-payment-type-to-scheme");

        var bundle = await ReadAsync<Bundle>(response);
        Assert.Equal("pmrs-payment-type-to-scheme", Assert.Single(bundle.Entry).Resource!.Id);
    }

    [Fact]
    public async System.Threading.Tasks.Task Metadata_DescribesWhatIsServed()
    {
        using var client = factory.CreateClient();

        var capabilities = await ReadAsync<CapabilityStatement>(await client.GetAsync("/fhir/metadata"));

        Assert.Contains(capabilities.Rest[0].Resource, r => r.Type == "StructureDefinition");
        Assert.Equal("validate", capabilities.Rest[0].Operation[0].Name);
    }

    [Fact]
    public async System.Threading.Tasks.Task Health_IsServed()
    {
        using var client = factory.CreateClient();

        var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async System.Threading.Tasks.Task Ready_ReportsTheTransactionLog()
    {
        using var client = factory.CreateClient();

        var response = await client.GetAsync("/healthz/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var report = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", report.RootElement.GetProperty("checks").GetProperty("transaction-log").GetProperty("status").GetString());
        Assert.True(response.Headers.Contains("X-Transaction-Id"));
    }
}
