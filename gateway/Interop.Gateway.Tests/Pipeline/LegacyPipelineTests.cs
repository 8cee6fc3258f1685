using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Task = System.Threading.Tasks.Task;

namespace Interop.Gateway.Tests.Pipeline;

/// <summary>A legacy request through the real pipeline over HTTP, with WireMock.Net as the registry and the PCA.</summary>
public sealed class LegacyPipelineTests
{
    internal const string Visit = """{"visit":"V120101-25-000193","nid":"010203040","family":"SAO"}""";

    private const string Registered = """
        {"resourceType":"Parameters","parameter":[
          {"name":"outcome","valueCoding":{"system":"https://fhir.nspc.gov.kh/CodeSystem/registration-outcome","code":"new"}},
          {"name":"patient","resource":{"resourceType":"Patient","identifier":[{"system":"https://fhir.nspc.gov.kh/sid/spid","value":"402187360512"}]}}]}
        """;

    internal const string Assessed = """
        {"resourceType":"ClaimResponse","status":"active","type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/claim-type","code":"institutional"}]},
         "use":"claim","patient":{"identifier":{"system":"https://fhir.nspc.gov.kh/sid/khmer-national-id","value":"010203040"}},"created":"2025-02-14","insurer":{"display":"PCA"},"outcome":"queued"}
        """;

    internal static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    internal static void RegistryAnswers(GatewayFixture gateway) =>
        gateway.Registry.Given(Request.Create().WithPath("/fhir/Patient/$register").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/fhir+json").WithBody(Registered));

    internal static void PcaAnswers(GatewayFixture gateway, int status = 200, string body = Assessed, TimeSpan? delay = null)
    {
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/fhir+json").WithBody(body);
        if (delay is { } d)
        {
            response = response.WithDelay(d);
        }

        gateway.Pca.Given(Request.Create().WithPath("/fhir/Claim/$submit").UsingPost()).RespondWith(response);
    }

    private static int ClaimsAccepted(GatewayFixture gateway) =>
        gateway.Pca.LogEntries.Count(e => e.RequestMessage.Path == "/fhir/Claim/$submit" && e.ResponseMessage.StatusCode is 200);

    private static HttpClient Admin(GatewayFixture gateway)
    {
        var client = gateway.Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Admin-Key", GatewayFixture.AdminKey);
        return client;
    }

    [Fact]
    public async Task Visit_BothUpstreamsAnswer_CallerGetsItsLegacyAnswerWithTheSpid()
    {
        using var gateway = new GatewayFixture();
        RegistryAnswers(gateway);
        PcaAnswers(gateway);
        using var client = gateway.Factory.CreateClient();

        var response = await client.PostAsync("/clinic/visits", Json(Visit));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("402187360512", answer.RootElement.GetProperty("spid").GetString());
        Assert.Equal("Queued", answer.RootElement.GetProperty("claim").GetString());
        Assert.True(response.Headers.Contains("X-Transaction-Id"));
        var sent = Assert.Single(gateway.Registry.LogEntries).RequestMessage.Body!;
        Assert.Contains("\"resourceType\":\"Patient\"", sent, StringComparison.Ordinal);
        Assert.Equal(1, ClaimsAccepted(gateway));
    }

    [Fact]
    public async Task Visit_Completed_IsRecordedWithDigestsAndAValidChain()
    {
        using var gateway = new GatewayFixture();
        RegistryAnswers(gateway);
        PcaAnswers(gateway);
        using var client = gateway.Factory.CreateClient();
        var response = await client.PostAsync("/clinic/visits", Json(Visit));
        var id = response.Headers.GetValues("X-Transaction-Id").Single();
        using var admin = Admin(gateway);

        using var record = JsonDocument.Parse(await admin.GetStringAsync($"/admin/transactions/{id}"));
        using var chain = JsonDocument.Parse(await admin.GetStringAsync("/admin/transactions/chain"));

        var root = record.RootElement;
        Assert.Equal(("completed", 200, "clinic-visit"), (root.GetProperty("status").GetString(), root.GetProperty("httpStatus").GetInt32(), root.GetProperty("adapter").GetString()));
        Assert.StartsWith("sha-256=", root.GetProperty("requestDigest").GetString(), StringComparison.Ordinal);
        Assert.Equal(["KH/GOV/MOH/PCA", "KH/GOV/NSPC/REGISTRY"], root.GetProperty("upstreams").EnumerateArray().Select(e => e.GetString()));
        Assert.True(root.GetProperty("timingsMs").TryGetProperty("validate", out _));
        Assert.DoesNotContain("010203040", record.RootElement.GetRawText(), StringComparison.Ordinal);
        Assert.True(chain.RootElement.GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task Visit_SentTwice_IsAnsweredFromTheRecordAndClaimedOnce()
    {
        using var gateway = new GatewayFixture();
        RegistryAnswers(gateway);
        PcaAnswers(gateway);
        using var client = gateway.Factory.CreateClient();

        var first = await client.PostAsync("/clinic/visits", Json(Visit));
        var second = await client.PostAsync("/clinic/visits", Json(Visit));

        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.GetValues("X-Transaction-Id").Single(), second.Headers.GetValues("X-Replay-Of").Single());
        Assert.Equal(1, ClaimsAccepted(gateway));
    }

    [Fact]
    public async Task Visit_RetriedWhileTheFirstIsInFlight_GetsTheSameAnswerAndIsClaimedOnce()
    {
        using var gateway = new GatewayFixture();
        RegistryAnswers(gateway);
        PcaAnswers(gateway, delay: TimeSpan.FromMilliseconds(600));
        using var client = gateway.Factory.CreateClient();

        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => client.PostAsync("/clinic/visits", Json(Visit))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Single(answers.Select(a => a.Content.ReadAsStringAsync().Result).Distinct());
        Assert.Equal(1, ClaimsAccepted(gateway));
    }

    [Fact]
    public async Task Visit_OperatorDown_AnswersRetryLaterRecordsFailedAndTheRerunClaimsOnce()
    {
        using var gateway = new GatewayFixture();
        RegistryAnswers(gateway);
        PcaAnswers(gateway, status: 503, body: "");
        using var client = gateway.Factory.CreateClient();
        using var admin = Admin(gateway);

        var response = await client.PostAsync("/clinic/visits", Json(Visit));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using (var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()))
        {
            Assert.Equal("upstream-unavailable", error.RootElement.GetProperty("error").GetString());
        }

        var id = response.Headers.GetValues("X-Transaction-Id").Single();
        using (var failed = JsonDocument.Parse(await admin.GetStringAsync("/admin/transactions?status=failed")))
        {
            Assert.Equal(id, Assert.Single(failed.RootElement.EnumerateArray()).GetProperty("id").GetString());
        }

        gateway.Pca.Reset();
        PcaAnswers(gateway);
        var rerun = await admin.PostAsync($"/admin/transactions/{id}/rerun", null);

        Assert.Equal(HttpStatusCode.OK, rerun.StatusCode);
        using var rerunRecord = JsonDocument.Parse(await rerun.Content.ReadAsStringAsync());
        Assert.Equal(("completed", id), (rerunRecord.RootElement.GetProperty("status").GetString(), rerunRecord.RootElement.GetProperty("rerunOf").GetString()));
        using var original = JsonDocument.Parse(await admin.GetStringAsync($"/admin/transactions/{id}"));
        Assert.Equal(rerunRecord.RootElement.GetProperty("id").GetString(), Assert.Single(original.RootElement.GetProperty("reruns").EnumerateArray()).GetString());
        Assert.Equal(1, ClaimsAccepted(gateway));

        var retry = await client.PostAsync("/clinic/visits", Json(Visit));
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(1, ClaimsAccepted(gateway));
    }

    [Fact]
    public async Task Visit_FailedThenRerunWhileItsRetryIsAtTheOperator_IsNotClaimedTwice()
    {
        using var gateway = new GatewayFixture();
        RegistryAnswers(gateway);
        var retry = new HeldAnswer(Assessed);
        HeldAnswer.ClaimSubmitAnswers(gateway.Pca, Response.Create().WithStatusCode(503), retry.Response);
        using var client = gateway.Factory.CreateClient();
        using var admin = Admin(gateway);

        var failed = await client.PostAsync("/clinic/visits", Json(Visit));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        var retrying = client.PostAsync("/clinic/visits", Json(Visit));
        await retry.Arrived;

        // The operator re-runs the failed visit while the clinic's retry of it is at the PCA.
        var rerunning = admin.PostAsync($"/admin/transactions/{failed.Headers.GetValues("X-Transaction-Id").Single()}/rerun", null);
        await gateway.Logs.WaitForAsync("RunJoined", TimeSpan.FromSeconds(30)); // held at the gate: it waits for the retry
        retry.Release();
        var retried = await retrying;
        var rerun = await rerunning;

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, rerun.StatusCode);
        Assert.Contains(retried.Headers.GetValues("X-Transaction-Id").Single(), await rerun.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, ClaimsAccepted(gateway));
        Assert.Equal(2, gateway.Pca.LogEntries.Count(e => e.RequestMessage.Path == "/fhir/Claim/$submit"));
    }

    [Fact]
    public async Task Visit_OperatorTooSlow_AnswersTimeoutAndIsNotRetried()
    {
        using var gateway = new GatewayFixture(("Upstreams:Pca:AttemptTimeout", "00:00:01"));
        RegistryAnswers(gateway);
        PcaAnswers(gateway, delay: TimeSpan.FromSeconds(3));
        using var client = gateway.Factory.CreateClient();

        var response = await client.PostAsync("/clinic/visits", Json(Visit));

        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("upstream-timeout", error.RootElement.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(3)); // WireMock logs a request once its (delayed) answer is sent
        Assert.Single(gateway.Pca.LogEntries);
    }

    [Fact]
    public async Task Visit_OperatorAnswersSomethingThatIsNotFhir_AnswersInvalidUpstreamAnswer()
    {
        using var gateway = new GatewayFixture();
        RegistryAnswers(gateway);
        PcaAnswers(gateway, body: "<html>maintenance</html>");
        using var client = gateway.Factory.CreateClient();

        var response = await client.PostAsync("/clinic/visits", Json(Visit));

        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("upstream-invalid-answer", error.RootElement.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
    }

    [Fact]
    public async Task Visit_BadFields_AreAnsweredInTheCallersFormatWithoutCallingUpstream()
    {
        using var gateway = new GatewayFixture();
        using var client = gateway.Factory.CreateClient();

        var response = await client.PostAsync("/clinic/visits", Json("""{"visit":"V1"}"""));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["family", "nid"], error.RootElement.GetProperty("fields").EnumerateObject().Select(p => p.Name).Order());
        Assert.Empty(gateway.Registry.LogEntries);
    }

    [Fact]
    public async Task Visit_ThatBreaksTheProfile_IsRefusedNamingTheFhirElementAndNeverSent()
    {
        using var gateway = new GatewayFixture();
        RegistryAnswers(gateway);
        using var client = gateway.Factory.CreateClient();

        var response = await client.PostAsync("/clinic/visits", Json("""{"visit":"V120101-25-000193","nid":"12345","family":"SAO"}"""));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(error.RootElement.GetProperty("fields").TryGetProperty("Patient.identifier[0].value", out _));
        Assert.Empty(gateway.Registry.LogEntries);
    }

    [Fact]
    public async Task Visit_NotJson_IsRefusedAsAWholeMessage()
    {
        using var gateway = new GatewayFixture();
        using var client = gateway.Factory.CreateClient();

        var response = await client.PostAsync("/clinic/visits", Json("{{{"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("message-not-well-formed", error.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Visit_TooLarge_IsRefusedWith413InTheCallersFormat()
    {
        using var gateway = new GatewayFixture();
        using var client = gateway.Factory.CreateClient();

        var response = await client.PostAsync("/clinic/visits", Json("{\"x\":\"" + new string('a', 100_000) + "\"}"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("body-too-large", error.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Visit_AsXml_IsRefusedWith415()
    {
        using var gateway = new GatewayFixture();
        using var client = gateway.Factory.CreateClient();

        var response = await client.PostAsync("/clinic/visits", new StringContent("<visit/>", Encoding.UTF8, "application/xml"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Admin_WithoutTheKey_IsRefused()
    {
        using var gateway = new GatewayFixture();
        using var client = gateway.Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Admin-Key", "guess");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/admin/transactions")).StatusCode);
    }

    [Fact]
    public async Task Admin_RerunOfACompletedTransaction_IsRefused()
    {
        using var gateway = new GatewayFixture();
        RegistryAnswers(gateway);
        PcaAnswers(gateway);
        using var client = gateway.Factory.CreateClient();
        var id = (await client.PostAsync("/clinic/visits", Json(Visit))).Headers.GetValues("X-Transaction-Id").Single();
        using var admin = Admin(gateway);

        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/admin/transactions/{id}/rerun", null)).StatusCode);
    }

    [Fact]
    public async Task Log_RecordAlteredInTheDatabase_IsDetectedByTheChain()
    {
        using var gateway = new GatewayFixture();
        RegistryAnswers(gateway);
        PcaAnswers(gateway);
        using var client = gateway.Factory.CreateClient();
        await client.PostAsync("/clinic/visits", Json("""{"visit":"V1","nid":"010203040"}"""));
        var id = (await client.PostAsync("/clinic/visits", Json(Visit))).Headers.GetValues("X-Transaction-Id").Single();
        await client.PostAsync("/clinic/visits", Json("""{"visit":"V2","nid":"010203040"}"""));

        await using (var connection = new SqliteConnection($"Data Source={gateway.LogFile}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "DROP TRIGGER transactions_append_only_update; UPDATE transactions SET http_status = 500 WHERE id = $id;";
            command.Parameters.AddWithValue("$id", id);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        using var admin = Admin(gateway);
        var chain = await admin.GetFromJsonAsync<JsonElement>("/admin/transactions/chain");

        Assert.False(chain.GetProperty("valid").GetBoolean());
        Assert.Equal(id, chain.GetProperty("firstBrokenRecord").GetString());
    }

    [Fact]
    public async Task Log_IsAppendOnly()
    {
        using var gateway = new GatewayFixture();
        using var client = gateway.Factory.CreateClient();
        await client.PostAsync("/clinic/visits", Json("{{{"));

        await using var connection = new SqliteConnection($"Data Source={gateway.LogFile}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM transactions";

        var ex = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync());
        Assert.Contains("append-only", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Member_OverItsRateLimit_IsRefusedWith429InItsOwnFormat()
    {
        using var gateway = new GatewayFixture(("RateLimits:PermitsPerPeriod", "2"), ("RateLimits:Burst", "0"), ("RateLimits:Period", "01:00:00"));
        using var client = gateway.Factory.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await client.PostAsync("/clinic/visits", Json("""{"visit":"V1"}"""))).StatusCode);
        }

        Assert.Equal([HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity, (HttpStatusCode)429], statuses);
        var refused = await client.PostAsync("/clinic/visits", Json("""{"visit":"V1"}"""));
        using var error = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("rate-limited", error.RootElement.GetProperty("error").GetString());
    }
}
