using System.Net;
using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Task = System.Threading.Tasks.Task;

namespace Interop.Sandbox.Tests;

/// <summary>The sandbox NSSF and PCA, over HTTP through the gateway host in its sandbox environment, on a fake clock.</summary>
public sealed class SandboxOperatorTests : IDisposable
{
    private const string Sid = "https://fhir.nspc.gov.kh/sid/";
    private static readonly string Examples = Path.Combine(AppContext.BaseDirectory, "standards", "examples");

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 2, 14, 3, 0, 0, TimeSpan.Zero));
    private readonly WebApplicationFactory<Program> _factory;

    public SandboxOperatorTests()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Sandbox");
            b.UseSetting("Signing:Mode", "Off"); // the operators' own behaviour; the signed exchange is tested in Interop.Gateway.Tests
            b.UseSetting("TransactionLog:ConnectionString", "Data Source=file:sandbox-tests-" + Guid.NewGuid().ToString("N") + "?mode=memory&cache=shared");
            b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(_clock));
        });
    }

    public void Dispose() => _factory.Dispose();

    private static StringContent Fhir(string json) => new(json, Encoding.UTF8, "application/fhir+json");

    private static async Task<T> Read<T>(HttpResponseMessage response)
        where T : Resource =>
        Assert.IsType<T>(new FhirJsonDeserializer(new DeserializerSettings()).DeserializeResource(await response.Content.ReadAsStringAsync()));

    private static string Eligibility(string system, string value, string day) =>
        "{\"resourceType\":\"CoverageEligibilityRequest\",\"status\":\"active\",\"purpose\":[\"validation\"],"
        + $"\"patient\":{{\"identifier\":{{\"system\":\"{system}\",\"value\":\"{value}\"}}}},\"servicedDate\":\"{day}\",\"created\":\"{day}\","
        + $"\"insurer\":{{\"display\":\"x\"}},\"facility\":{{\"identifier\":{{\"system\":\"{Sid}moh-facility-code\",\"value\":\"120101\"}}}}}}";

    [Fact]
    public async Task Eligibility_ByKhmerId_ListsTheNssfCardInForce()
    {
        using var client = _factory.CreateClient();

        var response = await client.PostAsync("/sandbox/nssf/fhir/CoverageEligibilityRequest", Fhir(Eligibility(Sid + "khmer-national-id", "010203040", "2025-02-14")));

        var answer = await Read<CoverageEligibilityResponse>(response);
        var insurance = Assert.Single(answer.Insurance);
        Assert.Equal("1200456789", insurance.Coverage.Identifier!.Value);
        Assert.True(insurance.Inforce);
    }

    [Fact]
    public async Task Eligibility_ExpiredEquityCard_IsNotInForce()
    {
        using var client = _factory.CreateClient();

        var answer = await Read<CoverageEligibilityResponse>(await client.PostAsync("/sandbox/pca/fhir/CoverageEligibilityRequest", Fhir(Eligibility(Sid + "idpoor-equity-card", "12010203-00077", "2025-02-14"))));

        Assert.False(Assert.Single(answer.Insurance).Inforce);
    }

    [Fact]
    public async Task Eligibility_UnknownPerson_Answers404()
    {
        using var client = _factory.CreateClient();

        var response = await client.PostAsync("/sandbox/pca/fhir/CoverageEligibilityRequest", Fhir(Eligibility(Sid + "khmer-national-id", "999999999", "2025-02-14")));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await Read<OperationOutcome>(response);
    }

    [Fact]
    public async Task Claim_HefVisit_IsAssessedFromTheTariffThenPaid()
    {
        using var client = _factory.CreateClient();
        var claim = File.ReadAllText(Path.Combine(Examples, "kh-claim-hef.json"));

        var received = await Read<ClaimResponse>(await client.PostAsync("/sandbox/pca/fhir/Claim/$submit", Fhir(claim)));
        _clock.Advance(TimeSpan.FromSeconds(31));
        var assessed = await Read<Bundle>(await client.GetAsync($"/sandbox/pca/fhir/ClaimResponse?request.identifier={Sid}pmrs-visit-code|V120101-25-000193"));
        _clock.Advance(TimeSpan.FromMinutes(2));
        var paid = await Read<Bundle>(await client.GetAsync($"/sandbox/pca/fhir/ClaimResponse?request.identifier={Sid}pmrs-visit-code|V120101-25-000193"));

        Assert.Equal(ClaimProcessingCodes.Queued, received.Outcome);
        var assessment = (ClaimResponse)Assert.Single(assessed.Entry).Resource!;
        Assert.Equal(ClaimProcessingCodes.Complete, assessment.Outcome);
        Assert.Equal(150000m + 2 * 8000m + 40000m + 4 * 10000m, assessment.Total.Single().Amount.Value);
        Assert.Null(assessment.Payment);
        Assert.Equal(246000m, ((ClaimResponse)paid.Entry.Single().Resource!).Payment!.Amount!.Value);
    }

    [Fact]
    public async Task Claim_NssfCase_PaysTheCaseGroupScaledByTheFacilityClassPlusTransport()
    {
        using var client = _factory.CreateClient();
        var claim = File.ReadAllText(Path.Combine(Examples, "kh-claim-nssf.json"));
        var tariff = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "standards", "tariffs", "sample-tariff.json")));
        var cg07 = tariff.RootElement.GetProperty("caseGroups").EnumerateArray().Single(c => c.GetProperty("code").GetString() == "CG07").GetProperty("averageCost").GetDecimal();

        await client.PostAsync("/sandbox/nssf/fhir/Claim/$submit", Fhir(claim));
        _clock.Advance(TimeSpan.FromMinutes(1));
        var bundle = await Read<Bundle>(await client.GetAsync($"/sandbox/nssf/fhir/ClaimResponse?request.identifier={Sid}hspis-claim-number|120101-C-2025-00412"));

        // Facility 120101 is seeded as quality class PUB-B, which pays 110% of the average case cost.
        Assert.Equal(Math.Round(cg07 * 1.10m, 2) + 50000m, ((ClaimResponse)bundle.Entry.Single().Resource!).Total.Single().Amount.Value);
    }

    [Fact]
    public async Task Claim_SubmittedTwice_IsOneClaim()
    {
        using var client = _factory.CreateClient();
        var claim = File.ReadAllText(Path.Combine(Examples, "kh-claim-nssf.json"));

        await client.PostAsync("/sandbox/nssf/fhir/Claim/$submit", Fhir(claim));
        await client.PostAsync("/sandbox/nssf/fhir/Claim/$submit", Fhir(claim));
        var bundle = await Read<Bundle>(await client.GetAsync($"/sandbox/nssf/fhir/ClaimResponse?request.identifier={Sid}hspis-claim-number|120101-C-2025-00412"));

        Assert.Single(bundle.Entry);
    }

    [Fact]
    public async Task Submit_NotFhir_Answers400WithAnOperationOutcome()
    {
        using var client = _factory.CreateClient();

        var response = await client.PostAsync("/sandbox/nssf/fhir/Claim/$submit", Fhir("{\"resourceType\":\"Claim\",\"bogus\":1}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await Read<OperationOutcome>(response);
    }

    [Fact]
    public async Task Sandbox_IsOffOutsideTheSandboxEnvironment()
    {
        using var production = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("Signing:Mode", "Off")
            .UseSetting("TransactionLog:ConnectionString", "Data Source=file:sandbox-off-" + Guid.NewGuid().ToString("N") + "?mode=memory&cache=shared"));
        using var client = production.CreateClient();

        var response = await client.PostAsync("/sandbox/nssf/fhir/Claim/$submit", Fhir("{}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Answers_ConformToTheirProfiles()
    {
        using var client = _factory.CreateClient();
        var validator = Interop.Standards.StandardsCatalog.Load(new Interop.Standards.StandardsOptions()).Validator;
        await client.PostAsync("/sandbox/pca/fhir/Claim/$submit", Fhir(File.ReadAllText(Path.Combine(Examples, "kh-claim-hef.json"))));
        _clock.Advance(TimeSpan.FromMinutes(5));

        var eligibility = await Read<CoverageEligibilityResponse>(await client.PostAsync("/sandbox/nssf/fhir/CoverageEligibilityRequest", Fhir(Eligibility(Sid + "khmer-national-id", "010203040", "2025-02-14"))));
        var paid = (ClaimResponse)(await Read<Bundle>(await client.GetAsync($"/sandbox/pca/fhir/ClaimResponse?request.identifier={Sid}pmrs-visit-code|V120101-25-000193"))).Entry.Single().Resource!;

        Assert.Empty(validator.Validate(eligibility).Errors.Select(e => $"{e.Path}: {e.Message}"));
        Assert.Empty(validator.Validate(paid).Errors.Select(e => $"{e.Path}: {e.Message}"));
    }
}
