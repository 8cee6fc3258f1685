using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Interop.Cli;
using Interop.Gateway.Tests.Passthrough;
using Interop.Gateway.Tests.Pipeline;
using Interop.Signatures.Http;
using Interop.Signatures.Trust;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using static Interop.Gateway.Tests.Passthrough.FhirPassthroughTests;
using Task = System.Threading.Tasks.Task;

namespace Interop.Gateway.Tests.Signing;

/// <summary>
/// In central mode the FHIR passthrough takes only signed requests of members allowed on <c>fhir:{alias}</c>, sends them
/// on signed by the gateway for the member, relays only an upstream answer signed by a trusted key and bound to the
/// gateway's request, and signs its own answer bound to the caller's request; the record keeps every hop's evidence.
/// </summary>
public sealed class SignedPassthroughTests
{
    private const string SubmitPath = "/fhir/Claim/$submit";

    private static IEnumerable<(string? Hop, string? KeyId, string? Outcome)> Hops(JsonElement record) =>
        record.GetProperty("evidence").EnumerateArray().Select(e => (e.GetProperty("hop").GetString(), e.TryGetProperty("keyId", out var k) ? k.GetString() : null, e.GetProperty("outcome").GetString()));

    [Fact]
    public async Task Unsigned_IsRefusedWithAnOperationOutcome_AndNeverForwarded()
    {
        using var gateway = new GatewayFixture(SigningKit.Central());
        using var client = gateway.Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Member-Id", SigningKit.Hspis);

        using var response = await client.GetAsync("/fhir/pca/Claim/c1");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("OperationOutcome", body, StringComparison.Ordinal);
        Assert.Contains("signature-missing", body, StringComparison.Ordinal);
        Assert.Empty(gateway.Pca.LogEntries);
    }

    [Fact]
    public async Task SignedByAMemberNotAllowedOnTheRoute_IsRefused_TheRefusalSignedAndBoundToTheRequest()
    {
        using var gateway = new GatewayFixture(SigningKit.Central());
        using var client = SigningKit.SignedClient(gateway.Factory, SigningKit.HspisKey, SigningKit.Hspis, verifyAnswers: true);

        using var response = await client.GetAsync("/fhir/pca/Claim/c1");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("not allowed on this route", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(gateway.Pca.LogEntries);
    }

    [Fact]
    public async Task MethodChangedAfterSigning_IsRefusedAsAnInvalidSignature_AndNeverForwarded()
    {
        // The legacy routes take one method each (another is refused by routing, before any signature check); the
        // passthrough takes them all, so here the signature itself must catch a changed method.
        using var gateway = new GatewayFixture(SignedUpstream.Central());
        using var client = SigningKit.SignedClient(gateway.Factory, SigningKit.HspisKey, SigningKit.Hspis, after: new Tamper(request =>
        {
            request.Method = HttpMethod.Delete;
            return Task.CompletedTask;
        }));

        using var response = await client.GetAsync("/fhir/Pca/Claim/c1");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("signature-invalid", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(gateway.Pca.LogEntries);
    }

    [Fact]
    public async Task SignedRetry_WithTheSameRequestId_GetsTheRecordedAnswer_SignedAndBoundToTheRetry()
    {
        using var gateway = new GatewayFixture(SignedUpstream.Central());
        gateway.Pca.Given(Request.Create().WithPath(SubmitPath).UsingPost()).RespondWith(SignedUpstream.Answer(200, ClaimResponse));
        using var client = SignedUpstream.HspisClient(gateway.Factory);
        HttpRequestMessage Submit() => new(HttpMethod.Post, "/fhir/Pca/Claim/$submit") { Content = FhirJson(Example("kh-claim-hef.json")), Headers = { { "X-Request-Id", "nssf-claim-77" } } };

        // Each is signed afresh (its own nonce); the client refuses an answer not signed for that very request.
        using var first = await client.SendAsync(Submit());
        using var retry = await client.SendAsync(Submit());

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, retry.StatusCode));
        Assert.Equal(ClaimResponse, await retry.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.GetValues("X-Transaction-Id").Single(), retry.Headers.GetValues("X-Replay-Of").Single());
        Assert.NotEqual(first.Headers.GetValues("Signature").Single(), retry.Headers.GetValues("Signature").Single());
        Assert.Contains(SigningHandler.EvidenceOf(retry.RequestMessage!), e => e is { Direction: "response", KeyId: "sandbox-gateway-2026-01", Verdict: "valid" });
        Assert.Single(gateway.Pca.LogEntries);
    }

    [Fact]
    public async Task Signed_GoesUpstreamSignedByTheGatewayForTheMember_AndTheSignedAnswerComesBackBoundToTheCaller()
    {
        using var gateway = new GatewayFixture(SignedUpstream.Central());
        gateway.Pca.Given(Request.Create().WithPath(SubmitPath).UsingPost()).RespondWith(SignedUpstream.Answer(200, ClaimResponse));
        using var client = SignedUpstream.HspisClient(gateway.Factory);
        var claim = Example("kh-claim-hef.json");

        // The client refuses an answer the gateway did not sign for this very request: getting one is the check.
        using var response = await client.PostAsync("/fhir/Pca/Claim/$submit", FhirJson(claim));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ClaimResponse, await response.Content.ReadAsStringAsync());
        Assert.Contains(SigningHandler.EvidenceOf(response.RequestMessage!), e => e is { Direction: "response", KeyId: "sandbox-gateway-2026-01", Verdict: "valid" });

        // The PCA received the claim's bytes signed with the gateway's key, naming the member the gateway acts for.
        var received = Assert.Single(gateway.Pca.LogEntries).RequestMessage;
        Assert.Equal(claim, received.Body);
        var verdict = await SignedUpstream.VerifyAsync(received, SignedUpstream.GatewayPublicKey);
        Assert.True(verdict.IsValid, verdict.ReasonCode);
        Assert.Equal("sandbox-gateway-2026-01", verdict.KeyId);
        Assert.Equal(SigningKit.Hspis, received.Headers!["X-Member-Id"].Single());
        Assert.NotEqual(response.RequestMessage!.Headers.GetValues("Signature").Single(), received.Headers["Signature"].Single()); // the caller's signature is not sent on
    }

    [Fact]
    public async Task Record_KeepsTheEvidenceOfEveryHop_AndVerifyLogChecksEachSignatureAgain()
    {
        using var gateway = new GatewayFixture(SignedUpstream.Central());
        gateway.Pca.Given(Request.Create().WithPath(SubmitPath).UsingPost()).RespondWith(SignedUpstream.Answer(200, ClaimResponse));
        using var client = SignedUpstream.HspisClient(gateway.Factory);

        using var response = await client.PostAsync("/fhir/Pca/Claim/$submit", FhirJson(Example("kh-claim-hef.json")));

        var record = await RecordAsync(gateway, response);
        Assert.Equal("completed", record.GetProperty("status").GetString());
        Assert.Equal(
            [("inbound", "sandbox-nssf-2026-01", "valid"), ("upstream-request", "sandbox-gateway-2026-01", "signed"), ("upstream-answer", "sandbox-pca-2026-01", "valid"), ("answer", "sandbox-gateway-2026-01", "signed")],
            Hops(record));

        using var output = new StringWriter();
        using var error = new StringWriter();
        var keys = new[] { "nssf", "gateway", "pca" }.Select(k => Path.Combine(SigningKit.Keys, k + ".jwks.json"));
        var code = await InteropCli.RunAsync(["verify-log", "--connection", $"Data Source={gateway.LogFile}", "--keys", .. keys], output, error);

        Assert.True(code == InteropCli.Ok, output.ToString() + error);
        Assert.Contains("signatures: 4 verified, 0 failed, 0 by keys not given", output.ToString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> UnacceptableAnswers => new()
    {
        // how the upstream's answer is wrong, the verdict the record keeps
        { "unsigned", "signature-missing" },
        { "bound to another request", "signature-invalid" },
        { "signed by a key nobody trusts", "unknown-key" },
    };

    [Theory]
    [MemberData(nameof(UnacceptableAnswers))]
    public async Task UnacceptableUpstreamAnswer_IsNotRelayed_TheCallerGets502_AndTheTransactionIsRecordedFailed(string wrong, string verdict)
    {
        using var gateway = new GatewayFixture(SignedUpstream.Central());
        var stranger = JwksWriter.GenerateP256("stranger-2026-01");
        var answer = wrong switch
        {
            "unsigned" => Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/fhir+json").WithBody(ClaimResponse),
            "bound to another request" => SignedUpstream.Answer(200, ClaimResponse, boundToAnotherRequest: true),
            _ => SignedUpstream.Answer(200, ClaimResponse, SigningKeyLoader.Parse(stranger.PrivateJwk, "stranger-2026-01")),
        };
        gateway.Pca.Given(Request.Create().WithPath(SubmitPath).UsingPost()).RespondWith(answer);
        using var client = SignedUpstream.HspisClient(gateway.Factory);

        using var response = await client.PostAsync("/fhir/Pca/Claim/$submit", FhirJson(Example("kh-claim-hef.json")));

        var issue = await PassthroughResilienceTests.AssertRetryLaterAsync(gateway, response, HttpStatusCode.BadGateway, "upstream-invalid-answer");
        Assert.Equal("The answer of the upstream Pca was not acceptable, so it is not relayed. Retry later.", issue.GetProperty("details").GetProperty("text").GetString());
        var record = await RecordAsync(gateway, response);
        Assert.Contains(("upstream-answer", verdict), Hops(record).Select(h => (h.Hop, h.Outcome)));
        Assert.Contains(("answer", "signed"), Hops(record).Select(h => (h.Hop, h.Outcome))); // the refusal itself is signed for the caller
    }

    [Fact]
    public async Task RefusedAnswer_ReRunByAnOperator_GoesUpstreamSignedForTheSameMember_AndRecordsTheHops()
    {
        using var gateway = new GatewayFixture(SignedUpstream.Central());
        var submit = Request.Create().WithPath(SubmitPath).UsingPost();
        gateway.Pca.Given(submit).RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/fhir+json").WithBody(ClaimResponse));
        using var client = SignedUpstream.HspisClient(gateway.Factory);
        using var failed = await client.PostAsync("/fhir/Pca/Claim/$submit", FhirJson(Example("kh-claim-hef.json")));
        Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        gateway.Pca.Reset();
        gateway.Pca.Given(submit).RespondWith(SignedUpstream.Answer(200, ClaimResponse));
        using var admin = gateway.Factory.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Admin-Key", GatewayFixture.AdminKey);

        using var rerun = await admin.PostAsync($"/admin/transactions/{failed.Headers.GetValues("X-Transaction-Id").Single()}/rerun", content: null);

        Assert.Equal(HttpStatusCode.OK, rerun.StatusCode);
        var id = (await rerun.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var record = await admin.GetFromJsonAsync<JsonElement>($"/admin/transactions/{id}");
        Assert.Equal(("completed", SigningKit.Hspis), (record.GetProperty("status").GetString(), record.GetProperty("sender").GetString()));
        Assert.Equal([("upstream-request", "sandbox-gateway-2026-01", "signed"), ("upstream-answer", "sandbox-pca-2026-01", "valid")], Hops(record));
        var received = Assert.Single(gateway.Pca.LogEntries).RequestMessage;
        Assert.True((await SignedUpstream.VerifyAsync(received, SignedUpstream.GatewayPublicKey)).IsValid);
        Assert.Equal(SigningKit.Hspis, received.Headers!["X-Member-Id"].Single());
    }

    [Fact]
    public async Task GetRetriedAfterATransient503_IsSignedAfreshForEachAttempt()
    {
        using var gateway = new GatewayFixture(SignedUpstream.Central());
        var coverage = Request.Create().WithPath("/fhir/Coverage").UsingGet();
        gateway.Pca.Given(coverage).InScenario("restart").WillSetStateTo("up").RespondWith(Response.Create().WithStatusCode(503));
        gateway.Pca.Given(coverage).InScenario("restart").WhenStateIs("up").RespondWith(SignedUpstream.Answer(200, Bundle));
        using var client = SignedUpstream.HspisClient(gateway.Factory);

        using var response = await client.GetAsync("/fhir/Pca/Coverage?beneficiary=Patient/p1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Bundle, await response.Content.ReadAsStringAsync());
        var attempts = gateway.Pca.LogEntries.Select(e => e.RequestMessage).ToList();
        Assert.Equal(2, attempts.Count);
        Assert.NotEqual(attempts[0].Headers!["Signature"].Single(), attempts[1].Headers!["Signature"].Single());
        foreach (var attempt in attempts)
        {
            var verdict = await SignedUpstream.VerifyAsync(attempt, SignedUpstream.GatewayPublicKey);
            Assert.True(verdict.IsValid, verdict.ReasonCode);
        }
    }
}
