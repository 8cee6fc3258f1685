using System.Net;
using Interop.Gateway.Tests.Pipeline;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using static Interop.Gateway.Tests.Passthrough.FhirPassthroughTests;
using Task = System.Threading.Tasks.Task;

namespace Interop.Gateway.Tests.Passthrough;

/// <summary>
/// A FHIR client that retries a request with the same <c>X-Request-Id</c> (after a lost answer, or while the first is
/// still running) gets the first answer, and the upstream gets the request once; a failed request is sent again.
/// </summary>
public sealed class PassthroughRetryTests
{
    private static HttpRequestMessage Submit(string requestId, string? claim = null, string sender = Sender)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/fhir/Pca/Claim/$submit") { Content = FhirJson(claim ?? Example("kh-claim-hef.json")) };
        request.Headers.Add("X-Request-Id", requestId);
        request.Headers.Add("X-Member-Id", sender);
        return request;
    }

    /// <summary>The PCA answers the first submission with <paramref name="first"/>, every later one with a ClaimResponse.</summary>
    private static void AnswersFirstThenAssesses(GatewayFixture gateway, IResponseBuilder first) =>
        HeldAnswer.ClaimSubmitAnswers(gateway.Pca, first, Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/fhir+json").WithBody(ClaimResponse));

    private static int Submissions(GatewayFixture gateway) => gateway.Pca.LogEntries.Count(e => e.RequestMessage.Path == "/fhir/Claim/$submit");

    [Fact]
    public async Task ClaimSubmit_RetriedWithTheSameRequestId_IsAnsweredFromTheRecordAndSubmittedOnce()
    {
        using var gateway = NewGateway();
        Answers(gateway.Pca, "/fhir/Claim/$submit", ClaimResponse, post: true);
        using var client = gateway.Factory.CreateClient();

        using var first = await client.SendAsync(Submit("claim-0001"));
        using var retry = await client.SendAsync(Submit("claim-0001"));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, retry.StatusCode));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal("application/fhir+json", retry.Content.Headers.ContentType?.MediaType);
        Assert.Equal(first.Headers.GetValues("X-Transaction-Id").Single(), retry.Headers.GetValues("X-Replay-Of").Single());
        Assert.NotEqual(first.Headers.GetValues("X-Transaction-Id").Single(), retry.Headers.GetValues("X-Transaction-Id").Single());
        Assert.False(first.Headers.Contains("X-Replay-Of"));
        Assert.Equal(1, Submissions(gateway));
    }

    [Fact]
    public async Task ClaimSubmit_SameRequestIdButAnotherRequestOrMember_OrNoRequestId_IsSent()
    {
        using var gateway = NewGateway();
        Answers(gateway.Pca, "/fhir/Claim/$submit", ClaimResponse, post: true);
        using var client = gateway.Factory.CreateClient();
        var changed = Example("kh-claim-hef.json").Replace("\"2025-", "\"2024-", StringComparison.Ordinal);

        using var first = await client.SendAsync(Submit("claim-0002"));
        using var otherBody = await client.SendAsync(Submit("claim-0002", changed));
        using var otherMember = await client.SendAsync(Submit("claim-0002", sender: "KH/GOV/MOH/HIS-120102"));
        using var noId = new HttpRequestMessage(HttpMethod.Post, "/fhir/Pca/Claim/$submit") { Content = FhirJson(Example("kh-claim-hef.json")), Headers = { { "X-Member-Id", Sender } } };
        using var withoutId = await client.SendAsync(noId);

        Assert.All(new[] { first, otherBody, otherMember, withoutId }, r => Assert.False(r.Headers.Contains("X-Replay-Of")));
        Assert.Equal(4, Submissions(gateway));
    }

    [Fact]
    public async Task ClaimSubmit_RetriedWhileTheFirstIsRunning_WaitsForItsAnswer_AndIsSubmittedOnce()
    {
        using var gateway = NewGateway();
        gateway.Pca.Given(Request.Create().WithPath("/fhir/Claim/$submit").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/fhir+json").WithBody(ClaimResponse).WithDelay(TimeSpan.FromMilliseconds(800)));
        using var client = gateway.Factory.CreateClient();

        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ =>
        {
            using var response = await client.SendAsync(Submit("claim-0003"));
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync(), Replay: response.Headers.Contains("X-Replay-Of"));
        }));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Single(answers.Select(a => a.Body).Distinct());
        Assert.Equal(2, answers.Count(a => a.Replay));
        await Task.Delay(TimeSpan.FromSeconds(1)); // WireMock logs a request once its (delayed) answer is sent
        Assert.Equal(1, Submissions(gateway));
    }

    [Fact]
    public async Task ClaimSubmit_WhoseCallerGaveUp_IsStillCompletedAndRecorded_AndItsRetryGetsThatAnswer()
    {
        using var gateway = NewGateway();
        gateway.Pca.Given(Request.Create().WithPath("/fhir/Claim/$submit").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/fhir+json").WithBody(ClaimResponse).WithDelay(TimeSpan.FromSeconds(3)));
        Answers(gateway.Pca, "/fhir/Coverage", Bundle);
        using var client = gateway.Factory.CreateClient();
        // Started and warm (the passthrough's code run once): the give-up below comes while the PCA works, not before the gateway does.
        using (var warm = new HttpRequestMessage(HttpMethod.Get, "/fhir/Pca/Coverage") { Headers = { { "X-Member-Id", Sender } } })
        {
            (await client.SendAsync(warm)).EnsureSuccessStatusCode();
        }

        using var impatient = gateway.Factory.CreateClient();
        impatient.Timeout = TimeSpan.FromMilliseconds(800);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient.SendAsync(Submit("claim-0005")));
        for (var waited = 0; Submissions(gateway) == 0 && waited < 200; waited++)
        {
            await Task.Delay(100); // WireMock logs the submission once it has answered it
        }

        using var retry = await client.SendAsync(Submit("claim-0005"));

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(ClaimResponse, await retry.Content.ReadAsStringAsync());
        Assert.True(retry.Headers.Contains("X-Replay-Of"));
        Assert.Equal(1, Submissions(gateway));
    }

    [Fact]
    public async Task FailedClaimSubmit_RerunByTheAdminWhileARetryIsRunning_IsNotSentAgain()
    {
        using var gateway = NewGateway();
        var retry = new HeldAnswer(ClaimResponse);
        HeldAnswer.ClaimSubmitAnswers(gateway.Pca, Response.Create().WithStatusCode(503), retry.Response);
        using var client = gateway.Factory.CreateClient();
        using var admin = gateway.Factory.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Admin-Key", GatewayFixture.AdminKey);

        using var failed = await client.SendAsync(Submit("claim-0007"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        var retrying = client.SendAsync(Submit("claim-0007"));
        await retry.Arrived;

        // The operator re-runs the failed submission while the member's retry of it is at the PCA.
        var rerunning = admin.PostAsync($"/admin/transactions/{failed.Headers.GetValues("X-Transaction-Id").Single()}/rerun", null);
        await gateway.Logs.WaitForAsync("RunJoined", TimeSpan.FromSeconds(30)); // held at the gate: it waits for the retry
        retry.Release();
        using var retried = await retrying;
        using var rerun = await rerunning;

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, rerun.StatusCode);
        Assert.Contains(retried.Headers.GetValues("X-Transaction-Id").Single(), await rerun.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(2, Submissions(gateway)); // the failed one and the retry: the re-run was not sent
    }

    [Fact]
    public async Task FailedClaimSubmit_RerunWhoseAdminGivesUp_IsStillCompleted_AndItsRetryIsAnsweredFromIt()
    {
        using var gateway = NewGateway();
        var rerun = new HeldAnswer(ClaimResponse);
        HeldAnswer.ClaimSubmitAnswers(gateway.Pca, Response.Create().WithStatusCode(503), rerun.Response);
        using var client = gateway.Factory.CreateClient();
        using var failed = await client.SendAsync(Submit("claim-0008"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        var id = failed.Headers.GetValues("X-Transaction-Id").Single();

        // The operator's re-run reaches the PCA, then the operator's client gives up.
        using var admin = gateway.Factory.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Admin-Key", GatewayFixture.AdminKey);
        using (var giveUp = new CancellationTokenSource())
        {
            var rerunning = admin.PostAsync($"/admin/transactions/{id}/rerun", null, giveUp.Token);
            await rerun.Arrived;
            await giveUp.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => rerunning);
        }

        rerun.Release();
        string? rerunId = null;
        for (var waited = 0; rerunId is null && waited < 300; waited++)
        {
            await Task.Delay(100); // the re-run goes on without its caller, and records its answer
            using var original = System.Text.Json.JsonDocument.Parse(await admin.GetStringAsync($"/admin/transactions/{id}"));
            rerunId = original.RootElement.GetProperty("reruns").EnumerateArray().Select(r => r.GetString()).FirstOrDefault();
        }

        using var retry = await client.SendAsync(Submit("claim-0008"));

        Assert.NotNull(rerunId);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(rerunId, retry.Headers.GetValues("X-Replay-Of").Single()); // answered from the re-run's record
        Assert.Equal(2, Submissions(gateway)); // the failed one and the re-run
    }

    [Fact]
    public async Task FailedClaimSubmit_RerunOnAnotherInstanceWhileARetryRunsThere_IsNotSent_NorRecordedAsARerun()
    {
        (string, string)[] shared = [("TransactionLog:SharedClaims", "true"), ("TransactionLog:ClaimWait", "00:00:00.300")];
        using var first = NewGateway(shared);
        using var second = NewGateway([.. shared, ("TransactionLog:ConnectionString", $"Data Source={first.LogFile}"), ("Upstreams:Pca:BaseUrl", first.Pca.Url + "/fhir/")]);
        var retry = new HeldAnswer(ClaimResponse);
        HeldAnswer.ClaimSubmitAnswers(first.Pca, Response.Create().WithStatusCode(503), retry.Response);
        using var client = first.Factory.CreateClient();
        using var admin = second.Factory.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Admin-Key", GatewayFixture.AdminKey);

        using var failed = await client.SendAsync(Submit("claim-0009"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        var id = failed.Headers.GetValues("X-Transaction-Id").Single();
        var retrying = client.SendAsync(Submit("claim-0009"));
        await retry.Arrived;

        // The operator re-runs it at the other instance while the retry, claimed by the first, is at the PCA.
        using var rerun = await admin.PostAsync($"/admin/transactions/{id}/rerun", null);
        retry.Release();
        using var retried = await retrying;

        Assert.Equal(HttpStatusCode.Conflict, rerun.StatusCode);
        Assert.Contains("running on another gateway instance", await rerun.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        using var original = System.Text.Json.JsonDocument.Parse(await admin.GetStringAsync($"/admin/transactions/{id}"));
        Assert.Equal(0, original.RootElement.GetProperty("reruns").GetArrayLength()); // nothing was sent, so nothing is its re-run
        Assert.Equal(2, Submissions(first)); // the failed one and the retry
    }

    [Fact]
    public async Task ClaimSubmit_AnsweredTooManyRequests_IsRelayed_AndItsRetryIsSentAgain()
    {
        using var gateway = NewGateway();
        AnswersFirstThenAssesses(gateway, Response.Create().WithStatusCode(429).WithHeader("Retry-After", "1"));
        using var client = gateway.Factory.CreateClient();

        using var busy = await client.SendAsync(Submit("claim-0006"));
        using var retry = await client.SendAsync(Submit("claim-0006"));

        Assert.Equal((HttpStatusCode.TooManyRequests, "1"), (busy.StatusCode, busy.Headers.GetValues("Retry-After").Single()));
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.False(retry.Headers.Contains("X-Replay-Of"));
        Assert.Equal(2, Submissions(gateway));
    }

    [Fact]
    public async Task Read_WithARequestId_IsSentEachTime()
    {
        using var gateway = NewGateway();
        Answers(gateway.Pca, "/fhir/Coverage", Bundle);
        using var client = gateway.Factory.CreateClient();

        for (var i = 0; i < 2; i++)
        {
            using var search = new HttpRequestMessage(HttpMethod.Get, "/fhir/Pca/Coverage?patient=1") { Headers = { { "X-Request-Id", "search-1" }, { "X-Member-Id", Sender } } };
            using var answer = await client.SendAsync(search);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.False(answer.Headers.Contains("X-Replay-Of"));
        }

        Assert.Equal(2, gateway.Pca.LogEntries.Count);
    }

    [Fact]
    public async Task ClaimSubmit_ThatFailedUpstream_IsSentAgainWhenRetried_AndThatAnswerIsTheOneRetriesGet()
    {
        using var gateway = NewGateway();
        AnswersFirstThenAssesses(gateway, Response.Create().WithStatusCode(503));
        using var client = gateway.Factory.CreateClient();

        using var failed = await client.SendAsync(Submit("claim-0004"));
        using var retried = await client.SendAsync(Submit("claim-0004"));
        using var again = await client.SendAsync(Submit("claim-0004"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.False(retried.Headers.Contains("X-Replay-Of"));
        Assert.Equal(retried.Headers.GetValues("X-Transaction-Id").Single(), again.Headers.GetValues("X-Replay-Of").Single());

        // The failed record can no longer be re-run: a retry was answered since, and a re-run would submit it again.
        using var admin = gateway.Factory.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Admin-Key", GatewayFixture.AdminKey);
        using var rerun = await admin.PostAsync($"/admin/transactions/{failed.Headers.GetValues("X-Transaction-Id").Single()}/rerun", null);
        Assert.Equal(HttpStatusCode.Conflict, rerun.StatusCode);
        Assert.Contains(retried.Headers.GetValues("X-Transaction-Id").Single(), await rerun.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(2, Submissions(gateway));
    }
}
