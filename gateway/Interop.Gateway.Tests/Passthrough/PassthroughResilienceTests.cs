using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Interop.Gateway.Tests.Pipeline;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using static Interop.Gateway.Tests.Passthrough.FhirPassthroughTests;
using Task = System.Threading.Tasks.Task;

namespace Interop.Gateway.Tests.Passthrough;

/// <summary>
/// The passthrough when an upstream is down, slow or failing, over real HTTP with WireMock.Net as the upstreams: the
/// caller is told to retry later with an OperationOutcome, only GET is retried, each alias has its circuit breaker,
/// and a failed transaction can be re-run from its record.
/// </summary>
public sealed class PassthroughResilienceTests
{
    private const string CoveragePath = "/fhir/Coverage";
    private const string SubmitPath = "/fhir/Claim/$submit";

    /// <summary>What a caller sees when the upstream failed: the status, a transient OperationOutcome with the code, and a failed record; the issue, for its text.</summary>
    internal static async Task<JsonElement> AssertRetryLaterAsync(GatewayFixture gateway, HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        var issue = (await OutcomeAsync(response)).GetProperty("issue")[0];
        Assert.Equal(("transient", code), (issue.GetProperty("code").GetString(), issue.GetProperty("details").GetProperty("coding")[0].GetProperty("code").GetString()));
        var record = await RecordAsync(gateway, response);
        Assert.Equal(("failed", (int)status), (record.GetProperty("status").GetString(), record.GetProperty("httpStatus").GetInt32()));
        return issue;
    }

    private static string? Text(JsonElement issue) => issue.GetProperty("details").GetProperty("text").GetString();

    [Fact]
    public async Task Get_AfterATransient503_IsRetriedAndTheAnswerRelayed()
    {
        using var gateway = NewGateway();
        var coverage = Request.Create().WithPath(CoveragePath).UsingGet();
        gateway.Pca.Given(coverage).InScenario("restart").WillSetStateTo("up").RespondWith(Response.Create().WithStatusCode(503));
        gateway.Pca.Given(coverage).InScenario("restart").WhenStateIs("up")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/fhir+json").WithBody(Bundle));
        using var client = Client(gateway);

        using var response = await client.GetAsync("/fhir/Pca/Coverage?beneficiary=Patient/p1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Bundle, await response.Content.ReadAsStringAsync());
        Assert.Equal(2, gateway.Pca.LogEntries.Count());
        Assert.Equal("completed", (await RecordAsync(gateway, response)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Post_On503_IsNotRetried_TheCallerIsToldToRetryLater_AndTheFailureIsRecorded()
    {
        using var gateway = NewGateway();
        gateway.Pca.Given(Request.Create().WithPath(SubmitPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(503).WithHeader("Content-Type", "text/html").WithBody("<h1>maintenance</h1>"));
        using var client = Client(gateway);

        using var response = await client.PostAsync("/fhir/Pca/Claim/$submit", FhirJson(Example("kh-claim-hef.json")));

        var issue = await AssertRetryLaterAsync(gateway, response, HttpStatusCode.ServiceUnavailable, "upstream-unavailable");
        Assert.Equal("The upstream Pca could not answer. Retry later.", Text(issue));
        Assert.Single(gateway.Pca.LogEntries); // a claim is never submitted twice by the gateway
    }

    [Fact]
    public async Task GetToAnUpstreamThatIsDown_IsAnswered503RetryLater_AndRecordedFailed()
    {
        using var gateway = NewGateway(("Upstreams:Pca:MaxRetries", "1"));
        gateway.Pca.Stop();
        using var client = Client(gateway);

        using var response = await client.GetAsync("/fhir/Pca/Coverage?beneficiary=Patient/p1");

        var issue = await AssertRetryLaterAsync(gateway, response, HttpStatusCode.ServiceUnavailable, "upstream-unavailable");
        Assert.Equal("The upstream Pca could not be reached. Retry later.", Text(issue));
    }

    [Fact]
    public async Task SlowUpstream_IsAnswered504RetryLater_AndRecordedFailed()
    {
        using var gateway = NewGateway(("Upstreams:Pca:AttemptTimeout", "00:00:01"), ("Upstreams:Pca:MaxRetries", "0"));
        gateway.Pca.Given(Request.Create().WithPath(CoveragePath).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/fhir+json").WithBody(Bundle).WithDelay(TimeSpan.FromSeconds(5)));
        using var client = Client(gateway);

        using var response = await client.GetAsync("/fhir/Pca/Coverage?beneficiary=Patient/p1");

        var issue = await AssertRetryLaterAsync(gateway, response, HttpStatusCode.GatewayTimeout, "upstream-timeout");
        Assert.Equal("The upstream Pca did not answer in time. Retry later.", Text(issue));
    }

    [Fact]
    public async Task RepeatedFailures_OpenTheAliasCircuit_FurtherCallsNeverReachIt_AndOtherAliasesStillWork()
    {
        using var gateway = NewGateway(("Upstreams:Pca:MaxRetries", "0"), ("Passthrough:BreakerMinimumThroughput", "2"), ("Passthrough:BreakDuration", "00:01:00"));
        gateway.Pca.Given(Request.Create().WithPath(CoveragePath).UsingGet()).RespondWith(Response.Create().WithStatusCode(500));
        Answers(gateway.Nssf, CoveragePath, Bundle);
        using var client = Client(gateway);
        for (var i = 0; i < 2; i++)
        {
            using var failed = await client.GetAsync("/fhir/Pca/Coverage?beneficiary=Patient/p1");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        }

        using var response = await client.GetAsync("/fhir/Pca/Coverage?beneficiary=Patient/p1");

        var issue = await AssertRetryLaterAsync(gateway, response, HttpStatusCode.ServiceUnavailable, "upstream-unavailable");
        Assert.Equal("The upstream Pca failed repeatedly: the gateway does not call it for a while. Retry later.", Text(issue));
        Assert.Equal(2, gateway.Pca.LogEntries.Count());
        using var other = await client.GetAsync("/fhir/Nssf/Coverage?beneficiary=Patient/p1");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task FailedSubmission_IsReRunByAnOperatorOnceTheUpstreamIsBack_TheSameBytesArriveOnce()
    {
        using var gateway = NewGateway();
        gateway.Pca.Given(Request.Create().WithPath(SubmitPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(503));
        using var client = Client(gateway);
        var claim = Example("kh-claim-hef.json");
        using var failed = await client.PostAsync("/fhir/Pca/Claim/$submit", FhirJson(claim));
        var id = Assert.Single(failed.Headers.GetValues("X-Transaction-Id"));
        gateway.Pca.Reset();
        Answers(gateway.Pca, SubmitPath, ClaimResponse, post: true);
        using var admin = gateway.Factory.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Admin-Key", GatewayFixture.AdminKey);

        using var rerun = await admin.PostAsync($"/admin/transactions/{id}/rerun", content: null);

        Assert.Equal(HttpStatusCode.OK, rerun.StatusCode);
        var summary = await rerun.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("completed", 200, id), (summary.GetProperty("status").GetString(), summary.GetProperty("httpStatus").GetInt32(), summary.GetProperty("rerunOf").GetString()));
        var received = Assert.Single(gateway.Pca.LogEntries).RequestMessage;
        Assert.Equal(claim, received.Body);
        Assert.Equal(Sender, received.Headers!["X-Member-Id"].Single());
        var original = await admin.GetFromJsonAsync<JsonElement>($"/admin/transactions/{id}");
        Assert.Equal([summary.GetProperty("id").GetString()], original.GetProperty("reruns").EnumerateArray().Select(r => r.GetString()));
    }
}
