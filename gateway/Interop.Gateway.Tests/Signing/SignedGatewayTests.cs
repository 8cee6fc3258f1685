using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Interop.Gateway.Tests.Pipeline;
using Interop.Signatures.Trust;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Task = System.Threading.Tasks.Task;

namespace Interop.Gateway.Tests.Signing;

/// <summary>
/// The central gateway's side of the signature profile, over real HTTP through the whole pipeline: every refusal in the
/// caller's own format (H-SPIS faults E40x, the PMRS envelope), recorded as a security event without the body.
/// </summary>
public sealed class SignedGatewayTests
{
    private const string MemberPath = "/hspis/ws/member";

    private static readonly string Member = File.ReadAllText(Path.Combine(SigningKit.RepositoryRoot(), "gateway", "sandbox-story", "hspis-member.xml"));

    private static StringContent Xml(string body = "") => new(body.Length == 0 ? Member : body, Encoding.UTF8, "application/xml");

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient client, string path = MemberPath, HttpContent? content = null)
    {
        using var response = await client.PostAsync(path, content ?? Xml());
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<JsonElement> LastRecordAsync(GatewayFixture gateway)
    {
        using var admin = gateway.Factory.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Admin-Key", GatewayFixture.AdminKey);
        var list = await admin.GetFromJsonAsync<JsonElement>("/admin/transactions?limit=1");
        return await admin.GetFromJsonAsync<JsonElement>($"/admin/transactions/{list[0].GetProperty("id").GetString()}");
    }

    [Fact]
    public async Task Unsigned_IsRefusedWithE401_AndRecordedWithoutItsBody()
    {
        using var gateway = new GatewayFixture(SigningKit.Central());
        using var client = gateway.Factory.CreateClient();

        var (status, body) = await SendAsync(client);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("code=\"E401\"", body, StringComparison.Ordinal);
        Assert.Empty(gateway.Registry.LogEntries);
        var record = await LastRecordAsync(gateway);
        Assert.Equal("refused", record.GetProperty("status").GetString());
        Assert.Equal("signature-missing", record.GetProperty("evidence")[0].GetProperty("outcome").GetString());
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={gateway.LogFile}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT length(request_body) FROM transactions";
        Assert.Equal(0L, command.ExecuteScalar());
    }

    public static TheoryData<string, string, string> Tampering => new()
    {
        // what is changed after signing, the fault code, the reason the log keeps
        { "body", "E406", "digest-mismatch" },
        { "path", "E402", "signature-invalid" },
        { "query", "E402", "signature-invalid" },
        { "content-type", "E402", "signature-invalid" },
        { "member", "E402", "signature-invalid" },
    };

    [Theory]
    [MemberData(nameof(Tampering))]
    public async Task ChangedAfterSigning_IsRefusedWithTheReason(string part, string fault, string reason)
    {
        using var gateway = new GatewayFixture(SigningKit.Central());
        var tamper = new Tamper(async request =>
        {
            switch (part)
            {
                case "body":
                    var text = await request.Content!.ReadAsStringAsync();
                    var changed = new StringContent(text.Replace("SOVAN", "SOVANN", StringComparison.Ordinal), Encoding.UTF8, "application/xml");
                    changed.Headers.ContentType = request.Content.Headers.ContentType;
                    request.Content = changed;
                    break;
                case "path":
                    request.RequestUri = new Uri(request.RequestUri!, "/hspis/ws/member/");
                    break;
                case "query":
                    request.RequestUri = new Uri(request.RequestUri!, MemberPath + "?debug=1");
                    break;
                case "content-type":
                    request.Content!.Headers.ContentType = new("text/xml");
                    break;
                case "member":
                    request.Headers.Remove("X-Member-Id");
                    request.Headers.Add("X-Member-Id", SigningKit.Pmrs);
                    break;
            }
        });
        using var client = SigningKit.SignedClient(gateway.Factory, SigningKit.HspisKey, SigningKit.Hspis, after: tamper);

        var (status, body) = await SendAsync(client);

        Assert.Equal(fault == "E406" ? HttpStatusCode.BadRequest : HttpStatusCode.Unauthorized, status);
        Assert.Contains($"code=\"{fault}\"", body, StringComparison.Ordinal);
        Assert.Equal(reason, (await LastRecordAsync(gateway)).GetProperty("evidence")[0].GetProperty("outcome").GetString());

        Assert.Empty(gateway.Registry.LogEntries);
    }

    [Fact]
    public async Task Replayed_IsRefusedWithE405()
    {
        using var gateway = new GatewayFixture(SigningKit.Central());
        var capture = new SignatureCapture();
        using var client = SigningKit.SignedClient(gateway.Factory, SigningKit.HspisKey, SigningKit.Hspis, after: capture);
        await SendAsync(client);

        using var replay = capture.Replay(HttpMethod.Post, MemberPath, Xml());

        using var plain = gateway.Factory.CreateClient();
        using var response = await plain.SendAsync(replay);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("code=\"E405\"", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("signed ten minutes ago", "E404")]
    [InlineData("signed three minutes from now", "E404")]
    [InlineData("signed with a key nobody trusts", "E403")]
    [InlineData("signed with a revoked key", "E409")]
    public async Task KeyOrTimeNotAccepted_IsRefusedWithTheFaultNamingWhy(string how, string fault)
    {
        (string, string)[] revoked = how == "signed with a revoked key" ? [($"Trust:Members:{SigningKit.Hspis}:Revoked:0", "sandbox-nssf-2026-01")] : [];
        using var gateway = new GatewayFixture(SigningKit.Central(revoked));
        var stranger = JwksWriter.GenerateP256("stranger-2026-01");
        using var client = how switch
        {
            "signed ten minutes ago" => SigningKit.SignedClient(gateway.Factory, SigningKit.HspisKey, SigningKit.Hspis, new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-10))),
            "signed three minutes from now" => SigningKit.SignedClient(gateway.Factory, SigningKit.HspisKey, SigningKit.Hspis, new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(3))),
            "signed with a key nobody trusts" => SigningKit.SignedClient(gateway.Factory, SigningKeyLoader.Parse(stranger.PrivateJwk, "stranger-2026-01"), SigningKit.Hspis),
            _ => SigningKit.SignedClient(gateway.Factory, SigningKit.HspisKey, SigningKit.Hspis),
        };

        var (status, body) = await SendAsync(client);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains($"code=\"{fault}\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refusal_IsSignedByTheGatewayBoundToTheRefusedRequest_AndLogged()
    {
        using var gateway = new GatewayFixture(SigningKit.Central());
        var stranger = JwksWriter.GenerateP256("stranger-2026-01");
        // An unsigned or unbound answer would throw here.
        using var client = SigningKit.SignedClient(gateway.Factory, SigningKeyLoader.Parse(stranger.PrivateJwk, "stranger-2026-01"), SigningKit.Hspis, verifyAnswers: true);

        var (status, body) = await SendAsync(client);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("code=\"E403\"", body, StringComparison.Ordinal);
        var record = await LastRecordAsync(gateway);
        var hops = record.GetProperty("evidence").EnumerateArray().Select(e => (e.GetProperty("hop").GetString(), e.GetProperty("outcome").GetString())).ToList();
        Assert.Equal([("inbound", "unknown-key"), ("answer", "signed")], hops);
    }

    [Fact]
    public async Task MemberOnARouteItMayNotCall_IsRefusedWithE407()
    {
        using var gateway = new GatewayFixture(SigningKit.Central());
        using var client = SigningKit.SignedClient(gateway.Factory, SigningKit.PmrsKey, SigningKit.Pmrs);

        var (status, body) = await SendAsync(client);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("code=\"E407\"", body, StringComparison.Ordinal);
        Assert.Contains("not allowed on this route", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyOfOneMemberSpeakingForAnother_IsRefusedWithE407()
    {
        using var gateway = new GatewayFixture(SigningKit.Central());
        using var client = SigningKit.SignedClient(gateway.Factory, SigningKit.PmrsKey, SigningKit.Hspis);

        var (status, body) = await SendAsync(client);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("does not belong to the member", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PmrsRefusal_IsAnsweredInThePmrsEnvelope()
    {
        using var gateway = new GatewayFixture(SigningKit.Central());
        using var client = gateway.Factory.CreateClient();

        using var response = await client.GetAsync("/api/v1/external/beneficiary/search?card_type=CARD-HEF&card_number=12010203-00042");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("\"success\":false", body, StringComparison.Ordinal);
        Assert.Contains("\"http_code\":401", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signed_IsAcceptedAndSignedOnward_ButAnUnsignedUpstreamAnswerIsRefused()
    {
        using var gateway = new GatewayFixture(SigningKit.Central());
        gateway.Registry.Given(Request.Create().UsingAnyMethod())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/fhir+json").WithBody("""{"resourceType":"OperationOutcome","issue":[]}"""));
        using var client = SigningKit.SignedClient(gateway.Factory, SigningKit.HspisKey, SigningKit.Hspis);

        var (status, body) = await SendAsync(client);

        // The gateway verified the caller and signed what it sent on as itself...
        var sent = Assert.Single(gateway.Registry.LogEntries).RequestMessage;
        Assert.Contains("keyid=\"sandbox-gateway-2026-01\"", sent.Headers!["Signature-Input"].Single(), StringComparison.Ordinal);
        Assert.StartsWith("sha-256=", sent.Headers["Content-Digest"].Single(), StringComparison.Ordinal);
        Assert.Equal(SigningKit.Hspis, sent.Headers["X-Member-Id"].Single()); // still naming the member it acts for

        // ...but the registry stand-in does not sign: its answer is not trusted, and the caller is told to retry later.
        Assert.Contains("code=\"E502\"", body, StringComparison.Ordinal);
        var record = await LastRecordAsync(gateway);
        Assert.Equal("failed", record.GetProperty("status").GetString());
        var hops = record.GetProperty("evidence").EnumerateArray().Select(e => (e.GetProperty("hop").GetString(), e.GetProperty("outcome").GetString())).ToList();
        Assert.Contains(("inbound", "valid"), hops);
        Assert.Contains(("upstream-request", "signed"), hops);
        Assert.Contains(("upstream-answer", "signature-missing"), hops);
        Assert.NotEqual(HttpStatusCode.OK, status);
    }
}
