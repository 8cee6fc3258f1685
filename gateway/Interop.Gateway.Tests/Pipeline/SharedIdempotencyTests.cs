using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Interop.Gateway.Tests.Transactions;
using Interop.Gateway.Transactions;
using Microsoft.Extensions.DependencyInjection;
using Task = System.Threading.Tasks.Task;

namespace Interop.Gateway.Tests.Pipeline;

/// <summary>
/// Two gateway instances sharing one transaction log (and one PCA): a message retried to the other instance while the
/// first still runs it is run once, and both callers get the same answer.
/// </summary>
public sealed class SharedIdempotencyTests : IDisposable
{
    private readonly List<Action> _cleanup = [];

    private readonly List<Action> _databases = [];

    [Theory]
    [InlineData("sqlite")]
    [PostgresStore]
    public async Task Visit_RetriedToAnotherInstanceWhileTheFirstRunsIt_IsClaimedOnceAndAnsweredAlike(string kind)
    {
        var (first, second) = TwoInstances(kind);
        LegacyPipelineTests.RegistryAnswers(first);
        LegacyPipelineTests.PcaAnswers(first, delay: TimeSpan.FromMilliseconds(800));
        using var one = first.Factory.CreateClient();
        using var two = second.Factory.CreateClient();

        var running = one.PostAsync("/clinic/visits", LegacyPipelineTests.Json(LegacyPipelineTests.Visit));
        await WaitUntilAsync(() => first.Registry.LogEntries.Any());
        var retried = await two.PostAsync("/clinic/visits", LegacyPipelineTests.Json(LegacyPipelineTests.Visit));
        var original = await running;

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (original.StatusCode, retried.StatusCode));
        Assert.Equal(await original.Content.ReadAsStringAsync(), await retried.Content.ReadAsStringAsync());
        // Whichever instance claimed the message first ran it; the other answered from its record and names it.
        var (ran, replayed) = original.Headers.Contains("X-Replay-Of") ? (retried, original) : (original, retried);
        Assert.Equal(ran.Headers.GetValues("X-Transaction-Id").Single(), replayed.Headers.GetValues("X-Replay-Of").Single());
        Assert.False(ran.Headers.Contains("X-Replay-Of"));
        Assert.Equal(1, ClaimsReceived(first));
    }

    [Fact]
    public async Task Visit_RetriedElsewhereLongerThanTheWait_IsAnsweredRetryLaterAndThenFromTheRecord()
    {
        var (first, second) = TwoInstances("sqlite", ("TransactionLog:ClaimWait", "00:00:00.300"));
        LegacyPipelineTests.RegistryAnswers(first);
        LegacyPipelineTests.PcaAnswers(first, delay: TimeSpan.FromMilliseconds(1500));
        using var one = first.Factory.CreateClient();
        using var two = second.Factory.CreateClient();

        var running = one.PostAsync("/clinic/visits", LegacyPipelineTests.Json(LegacyPipelineTests.Visit));
        // Retry only once the first instance runs the message (it claims it, then registers the person: the registry
        // has answered; the PCA answers 1.5 s later). A fixed delay let a slow first start lose the claim to the retry.
        await WaitUntilAsync(() => first.Registry.LogEntries.Any());
        var tooSoon = await two.PostAsync("/clinic/visits", LegacyPipelineTests.Json(LegacyPipelineTests.Visit));
        var original = await running;
        var later = await two.PostAsync("/clinic/visits", LegacyPipelineTests.Json(LegacyPipelineTests.Visit));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, tooSoon.StatusCode);
        Assert.Contains("retry later", await tooSoon.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, original.StatusCode);
        Assert.Equal(original.Headers.GetValues("X-Transaction-Id").Single(), later.Headers.GetValues("X-Replay-Of").Single());
        Assert.Equal(1, ClaimsReceived(first));
    }

    [Fact]
    public async Task Visit_WhoseClaimWasLeftByAStoppedInstance_IsRetryLaterWhileTheClaimLives_AndRunsOnceItExpires()
    {
        var (first, _) = TwoInstances("sqlite", ("TransactionLog:ClaimWait", "00:00:00.300"));
        LegacyPipelineTests.RegistryAnswers(first);
        LegacyPipelineTests.PcaAnswers(first);
        var store = first.Factory.Services.GetRequiredService<ITransactionStore>();
        // What an instance that stopped mid-run leaves behind: a live claim on the message's key, never released.
        var key = "KH/GOV/MOH/CLINIC-TEST|V120101-25-000193:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(LegacyPipelineTests.Visit)));
        var expires = DateTimeOffset.UtcNow.AddSeconds(6); // room for a slow first request on a busy CI machine
        Assert.True(await store.TryClaimAsync("clinic-visit", key, "stopped-instance", expires, CancellationToken.None));
        using var client = first.Factory.CreateClient();

        // While the claim lives, the instance waits ClaimWait for a record that never comes, then says "retry later":
        // it never runs a message another instance may be running.
        var whileClaimed = await client.PostAsync("/clinic/visits", LegacyPipelineTests.Json(LegacyPipelineTests.Visit));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, whileClaimed.StatusCode);
        Assert.Equal(0, ClaimsReceived(first));

        await Task.Delay(expires - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200));
        var afterExpiry = await client.PostAsync("/clinic/visits", LegacyPipelineTests.Json(LegacyPipelineTests.Visit));

        Assert.Equal(HttpStatusCode.OK, afterExpiry.StatusCode);
        Assert.Equal(1, ClaimsReceived(first));
    }

    [Fact]
    public async Task FailedVisit_RerunOnAnotherInstanceWhileARetryRunsThere_IsNotSent_AndSaysWhy()
    {
        var (first, second) = TwoInstances("sqlite", ("TransactionLog:ClaimWait", "00:00:00.300"));
        LegacyPipelineTests.RegistryAnswers(first);
        var retry = new HeldAnswer(LegacyPipelineTests.Assessed);
        HeldAnswer.ClaimSubmitAnswers(first.Pca, WireMock.ResponseBuilders.Response.Create().WithStatusCode(503), retry.Response);
        using var one = first.Factory.CreateClient();
        using var admin = second.Factory.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Admin-Key", GatewayFixture.AdminKey);

        var failed = await one.PostAsync("/clinic/visits", LegacyPipelineTests.Json(LegacyPipelineTests.Visit));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        var id = failed.Headers.GetValues("X-Transaction-Id").Single();
        var retrying = one.PostAsync("/clinic/visits", LegacyPipelineTests.Json(LegacyPipelineTests.Visit));
        await retry.Arrived; // the retry runs, and holds the message's claim

        // The operator re-runs the failed visit at the other instance while the retry is at the PCA: past the wait.
        var rerun = await admin.PostAsync($"/admin/transactions/{id}/rerun", null);
        retry.Release();
        var retried = await retrying;

        Assert.Equal(HttpStatusCode.Conflict, rerun.StatusCode);
        Assert.Contains("running on another gateway instance", await rerun.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        var original = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>($"/admin/transactions/{id}");
        Assert.Equal(0, original.GetProperty("reruns").GetArrayLength()); // nothing was sent, so nothing is its re-run
        Assert.Equal(2, ClaimsReceived(first)); // the failed one and the retry
    }

    private (GatewayFixture First, GatewayFixture Second) TwoInstances(string kind, params (string Key, string Value)[] extra)
    {
        (string, string)[] log = kind == "postgres"
            ? [("TransactionLog:Provider", "postgres"), ("TransactionLog:ConnectionString", NewPostgresDatabase())]
            : [("TransactionLog:SharedClaims", "true")];
        (string, string)[] common = [.. log, .. extra];
        var first = new GatewayFixture(common);
        _cleanup.Add(first.Dispose);
        var shared = kind == "postgres" ? [] : new[] { ("TransactionLog:ConnectionString", $"Data Source={first.LogFile}") };
        var second = new GatewayFixture([
            .. common, .. shared,
            ("Upstreams:Registry:BaseUrl", first.Registry.Url + "/fhir/"),
            ("Upstreams:Pca:BaseUrl", first.Pca.Url + "/fhir/"),
            ("Upstreams:Nssf:BaseUrl", first.Nssf.Url + "/fhir/")]);
        _cleanup.Insert(0, second.Dispose);
        return (first, second);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The first instance never started the message.");
            await Task.Delay(20);
        }
    }

    private static int ClaimsReceived(GatewayFixture gateway) =>
        gateway.Pca.LogEntries.Count(e => e.RequestMessage.Path == "/fhir/Claim/$submit");

    private string NewPostgresDatabase()
    {
        var database = new PostgresTestDatabase("interop_claims");
        _databases.Add(database.Dispose);
        return database.ConnectionString;
    }

    public void Dispose()
    {
        foreach (var clean in _cleanup.Concat(_databases))
        {
            clean();
        }
    }
}
