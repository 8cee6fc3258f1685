using System.Net;
using System.Text;
using System.Text.Json;
using Interop.Gateway.Transactions;
using Interop.Signatures.Keys;
using Interop.Signatures.Signing;
using Interop.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Task = System.Threading.Tasks.Task;

namespace Interop.Gateway.Tests.Signing;

/// <summary>
/// H-SPIS → its edge → the central gateway → the registry and the NSSF, and back, all on real loopback sockets in the
/// sandbox topology: every hop is signed and checked, both logs hold every hop's evidence, each signature can be checked
/// again from the log alone, both chains verify, and an altered record is found.
/// </summary>
public sealed class EdgeToCentralTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "interop-edge-" + Guid.NewGuid().ToString("N"));

    public EdgeToCentralTests() => Directory.CreateDirectory(_folder);

    private string CentralLog => Path.Combine(_folder, "central.db");

    private string EdgeLog => Path.Combine(_folder, "edge-hspis.db");

    private WebApplicationFactory<Program> StartSandbox(out string hspisEdge) => StartSandbox(out hspisEdge, out _, out _);

    private WebApplicationFactory<Program> StartSandbox(out string hspisEdge, out string pmrsEdge, out string central, params (string Key, string Value)[] settings)
    {
        var (factory, ports) = LoopbackPorts.Start(3, ports => (Launch(ports, settings), ports));
        central = $"http://127.0.0.1:{ports[0]}";
        pmrsEdge = $"http://127.0.0.1:{ports[1]}";
        hspisEdge = $"http://127.0.0.1:{ports[2]}";
        return factory;
    }

    private WebApplicationFactory<Program> Launch(int[] ports, (string Key, string Value)[] settings)
    {
        var port = ports[0];
        string[] edges = [$"http://127.0.0.1:{ports[1]}", $"http://127.0.0.1:{ports[2]}"];
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Sandbox");
            b.UseSetting("Urls", $"http://127.0.0.1:{port}");
            b.UseSetting("TransactionLog:ConnectionString", $"Data Source={CentralLog}");
            b.UseSetting("Sandbox:RegistryDatabase", Path.Combine(_folder, "registry.db"));
            for (var i = 0; i < edges.Length; i++)
            {
                b.UseSetting($"Sandbox:Edges:{i}:Urls", edges[i]);
                b.UseSetting($"Sandbox:Edges:{i}:CentralUrl", $"http://127.0.0.1:{port}/");
                b.UseSetting($"Sandbox:Edges:{i}:TransactionLog", $"Data Source={(i == 1 ? EdgeLog : Path.Combine(_folder, "edge-pmrs.db"))}");
            }

            foreach (var upstream in new[] { "Registry", "Nssf", "Pca" })
            {
                b.UseSetting($"Upstreams:{upstream}:BaseUrl", $"http://127.0.0.1:{port}/sandbox/{upstream.ToLowerInvariant()}/fhir/");
            }
        });
        if (settings.Length > 0)
        {
            factory = factory.WithWebHostBuilder(b =>
            {
                foreach (var (key, value) in settings)
                {
                    b.UseSetting(key, value);
                }
            });
        }

        try
        {
            factory.UseKestrel(port);
            factory.StartServer();
            return factory;
        }
        catch
        {
            factory.Dispose();
            throw;
        }
    }

    private static SqliteTransactionStore Open(string file) =>
        new(Options.Create(new TransactionLogOptions { ConnectionString = $"Data Source={file}" }));

    private static SignatureKey PublicKey(string file) =>
        SignatureKey.FromJwk(JsonDocument.Parse(File.ReadAllText(Path.Combine(SigningKit.Keys, file))).RootElement.GetProperty("keys")[0].GetRawText()).Value!;

    /// <summary>Checks a logged signature with nothing but the log and the member's public key.</summary>
    private static bool VerifiesFromTheLog(HopEvidence hop, SignatureKey key)
    {
        var signature = SignatureFields.Parse(hop.SignatureInput, hop.Signature).Value!.Single();
        return key.Verify(Encoding.ASCII.GetBytes(hop.SignatureBase!), signature.Value!.Value.Span);
    }

    /// <summary>H-SPIS sends the sandbox story's member message to its edge, unsigned, as the legacy system does.</summary>
    private static async Task<(HttpStatusCode Status, string Body)> SendStoryMemberAsync(string edge)
    {
        using var hspis = new HttpClient { BaseAddress = new Uri(edge) };
        var member = await File.ReadAllTextAsync(Path.Combine(SigningKit.RepositoryRoot(), "gateway", "sandbox-story", "hspis-member.xml"));
        using var answer = await hspis.PostAsync("/hspis/ws/member", new StringContent(member, Encoding.UTF8, "application/xml"));
        return (answer.StatusCode, await answer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task CentralRefusal_ReachesTheLegacySystemThroughItsEdge_SignedAndWithItsReason()
    {
        // The central gateway no longer trusts the H-SPIS edge's key: it refuses, and signs the refusal, so the edge can
        // tell it from a forged answer and pass the reason on instead of "retry later".
        using var sandbox = StartSandbox(out var edge, out _, out _, ($"Trust:Members:{SigningKit.Hspis}:Revoked:0", "sandbox-nssf-2026-01"));

        var (status, body) = await SendStoryMemberAsync(edge);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("code=\"E409\"", body, StringComparison.Ordinal);
        using var edgeLog = Open(EdgeLog);
        var edgeRecord = Assert.Single(await edgeLog.AllAsync(CancellationToken.None));
        var received = Assert.Single(edgeRecord.Evidence!, e => e.Hop == "upstream-answer");
        Assert.Equal(("KH/GOV/NSPC/GATEWAY", "valid"), (received.Peer, received.Outcome));
        Assert.True(VerifiesFromTheLog(received, PublicKey("gateway.jwks.json")));
    }

    [Fact]
    public async Task EveryHopIsSignedCheckedAndProvableFromTheLogs()
    {
        using var sandbox = StartSandbox(out var edge);

        var (status, body) = await SendStoryMemberAsync(edge);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<Match>NEW</Match>", body, StringComparison.Ordinal);

        // The edge signed for the NSSF with its key and checked the central gateway's signed answer.
        var edgeRecord = (await Open(EdgeLog).ListAsync(new TransactionQuery(), CancellationToken.None)).Single();
        var sent = Assert.Single(edgeRecord.Evidence!, e => e.Hop == "upstream-request");
        var received = Assert.Single(edgeRecord.Evidence!, e => e.Hop == "upstream-answer");
        Assert.Equal(("sandbox-nssf-2026-01", "signed"), (sent.KeyId, sent.Outcome));
        Assert.Equal(("sandbox-gateway-2026-01", "valid"), (received.KeyId, received.Outcome));

        // The central gateway checked the edge's signature, signed each upstream call as itself, checked each upstream's answer, and signed its own.
        var centralRecord = (await Open(CentralLog).ListAsync(new TransactionQuery { Adapter = "hspis" }, CancellationToken.None)).Single();
        var hops = centralRecord.Evidence!;
        var inbound = Assert.Single(hops, e => e.Hop == "inbound");
        Assert.Equal(("sandbox-nssf-2026-01", "valid"), (inbound.KeyId, inbound.Outcome));
        Assert.Equal(sent.Signature, inbound.Signature); // the very signature the edge made
        Assert.All(hops.Where(e => e.Hop == "upstream-request"), e => Assert.Equal(("sandbox-gateway-2026-01", "signed"), (e.KeyId, e.Outcome)));
        var upstreamAnswers = hops.Where(e => e.Hop == "upstream-answer").ToList();
        Assert.Contains(upstreamAnswers, e => (e.Peer, e.KeyId, e.Outcome) == ("KH/GOV/NSPC/REGISTRY", "sandbox-registry-2026-01", "valid"));
        Assert.Contains(upstreamAnswers, e => (e.Peer, e.KeyId, e.Outcome) == ("KH/GOV/NSSF/HSPIS", "sandbox-nssf-2026-01", "valid"));
        var ours = Assert.Single(hops, e => e.Hop == "answer");
        Assert.Equal(received.Signature, ours.Signature); // the answer the edge checked is the one the log keeps

        // A dispute is settled from the logs alone: each logged signature base verifies with the signer's public key.
        var keys = new Dictionary<string, SignatureKey>
        {
            ["sandbox-nssf-2026-01"] = PublicKey("nssf.jwks.json"),
            ["sandbox-gateway-2026-01"] = PublicKey("gateway.jwks.json"),
            ["sandbox-registry-2026-01"] = PublicKey("registry.jwks.json"),
        };
        Assert.All(hops.Concat(edgeRecord.Evidence!), e => Assert.True(VerifiesFromTheLog(e, keys[e.KeyId!]), $"{e.Hop} {e.KeyId}"));
        Assert.Contains("\"@method\": POST", inbound.SignatureBase, StringComparison.Ordinal);
        Assert.Contains("\"x-member-id\": KH/GOV/NSSF/HSPIS", inbound.SignatureBase, StringComparison.Ordinal);

        // Both chains verify; altering the central record is found.
        Assert.Null(await Open(EdgeLog).VerifyChainAsync(CancellationToken.None));
        Assert.Null(await Open(CentralLog).VerifyChainAsync(CancellationToken.None));
        await using (var connection = new SqliteConnection($"Data Source={CentralLog}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "DROP TRIGGER transactions_append_only_update; UPDATE transactions SET evidence = replace(evidence, 'sandbox-nssf-2026-01', 'sandbox-pca-2026-01') WHERE id = $id;";
            command.Parameters.AddWithValue("$id", centralRecord.Id);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        Assert.Equal(centralRecord.Id, await Open(CentralLog).VerifyChainAsync(CancellationToken.None));
    }

    [Fact]
    public async Task FhirPassthrough_FromAMembersSystem_GoesSignedThroughItsEdgeAndTheCentralGateway()
    {
        // The NSSF may use the passthrough: its FHIR system asks its edge, unsigned, as a system on the member's network does.
        using var sandbox = StartSandbox(out var edge, out _, out _, ($"Trust:Members:{SigningKit.Hspis}:Routes:1", "fhir:*"));
        using var system = new HttpClient { BaseAddress = new Uri(edge) };

        using var answer = await system.GetAsync("/fhir/Pca/metadata");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("CapabilityStatement", JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("resourceType").GetString());

        // The edge signed as the NSSF, sent to the central gateway, and relayed only its signed answer.
        var edgeRecord = (await Open(EdgeLog).ListAsync(new TransactionQuery { Adapter = "fhir-passthrough" }, CancellationToken.None)).Single();
        Assert.Equal((SigningKit.Hspis, "KH/GOV/NSPC/GATEWAY"), (edgeRecord.Sender, edgeRecord.Upstreams.Single()));
        var sent = Assert.Single(edgeRecord.Evidence!, e => e.Hop == "upstream-request");
        var received = Assert.Single(edgeRecord.Evidence!, e => e.Hop == "upstream-answer");
        Assert.Equal(("sandbox-nssf-2026-01", "signed"), (sent.KeyId, sent.Outcome));
        Assert.Equal(("KH/GOV/NSPC/GATEWAY", "sandbox-gateway-2026-01", "valid"), (received.Peer, received.KeyId, received.Outcome));
        Assert.True(VerifiesFromTheLog(sent, PublicKey("nssf.jwks.json")));

        // The central gateway checked the edge's signature (the same one) and asked the PCA as itself.
        var centralRecord = (await Open(CentralLog).ListAsync(new TransactionQuery { Adapter = "fhir-passthrough" }, CancellationToken.None)).Single();
        Assert.Equal((SigningKit.Hspis, "KH/GOV/MOH/PCA"), (centralRecord.Sender, centralRecord.Upstreams.Single()));
        Assert.Equal(sent.Signature, Assert.Single(centralRecord.Evidence!, e => e.Hop == "inbound").Signature);
        Assert.Equal(received.Signature, Assert.Single(centralRecord.Evidence!, e => e.Hop == "answer").Signature);
    }

    [Fact]
    public async Task FhirPassthrough_ThroughAnEdge_IsRefusedCentrallyWhenTheMemberMayNotUseIt_AndAtTheEdgeForAnotherMember()
    {
        // The sandbox allows no member on the passthrough: the central gateway refuses, signed, and the edge relays its reason.
        using var sandbox = StartSandbox(out var edge);
        using var system = new HttpClient { BaseAddress = new Uri(edge) };

        using var refused = await system.GetAsync("/fhir/Pca/metadata");
        using var otherMember = new HttpRequestMessage(HttpMethod.Get, "/fhir/Pca/metadata") { Headers = { { "X-Member-Id", "KH/GOV/MOH/PCA" } } };
        using var impersonating = await system.SendAsync(otherMember);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("This member is not allowed on this route.", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("issue")[0].GetProperty("details").GetProperty("text").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, impersonating.StatusCode);
        var issue = JsonDocument.Parse(await impersonating.Content.ReadAsStringAsync()).RootElement.GetProperty("issue")[0];
        Assert.Equal("This edge sends for KH/GOV/NSSF/HSPIS only.", issue.GetProperty("details").GetProperty("text").GetString());
        Assert.Equal("X-Member-Id", issue.GetProperty("expression")[0].GetString());
        // Only the first reached the central gateway.
        Assert.Single(await Open(CentralLog).ListAsync(new TransactionQuery { Adapter = "fhir-passthrough" }, CancellationToken.None));
    }

    [Fact]
    public async Task RegistryNotification_ReachesTheOperatorOverASignedHop()
    {
        using var sandbox = StartSandbox(out var hspisEdge, out var pmrsEdge, out var central);
        var story = Path.Combine(SigningKit.RepositoryRoot(), "gateway", "sandbox-story");

        // The NSSF registers the person; then facility 120101 admits the same person under an HEF card.
        using var hspis = new HttpClient { BaseAddress = new Uri(hspisEdge) };
        (await hspis.PostAsync("/hspis/ws/member", new StringContent(await File.ReadAllTextAsync(Path.Combine(story, "hspis-member.xml")), Encoding.UTF8, "application/xml"))).EnsureSuccessStatusCode();
        using var pmrs = new HttpClient { BaseAddress = new Uri(pmrsEdge) };
        using var login = await pmrs.PostAsync("/oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = "sandbox.nurse",
            ["password"] = "sandbox-password-NOT-FOR-PRODUCTION",
            ["client_id"] = "sandbox-emr",
            ["client_secret"] = "sandbox-secret-NOT-FOR-PRODUCTION",
        }));
        var token = JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString();
        using var admission = new HttpRequestMessage(HttpMethod.Post, "/api/v1/external/visits")
        {
            Content = new StringContent(await File.ReadAllTextAsync(Path.Combine(story, "pmrs-ipd-admission.json")), Encoding.UTF8, "application/json"),
        };
        admission.Headers.Add("Authorization", "Bearer " + token);
        admission.Headers.Add("X-Facility-Code", "120101");
        (await pmrs.SendAsync(admission)).EnsureSuccessStatusCode();

        // The registry tells the NSSF (which holds the person) with a message it signs; the NSSF accepts only signed messages.
        using var nssf = new HttpClient(new Interop.Signatures.Http.SigningHandler(new Interop.Signatures.Http.SigningHandlerOptions
        {
            Key = SigningKit.Load("gateway", "sandbox-gateway-2026-01"),
            MemberId = SigningKit.Gateway,
        }) { InnerHandler = new HttpClientHandler() }) { BaseAddress = new Uri(central) };
        JsonElement messages = default;
        for (var attempt = 0; attempt < 40; attempt++)
        {
            messages = JsonDocument.Parse(await nssf.GetStringAsync("/sandbox/nssf/fhir/Bundle")).RootElement;
            if (messages.GetProperty("total").GetInt32() > 0)
            {
                break;
            }

            await Task.Delay(500);
        }

        var message = messages.GetProperty("entry")[0].GetProperty("resource");
        Assert.Equal("message", message.GetProperty("type").GetString());
        var header = message.GetProperty("entry")[0].GetProperty("resource");
        Assert.Equal("MessageHeader", header.GetProperty("resourceType").GetString());
        Assert.Equal("urn:x-road:KH/GOV/NSSF/HSPIS", header.GetProperty("destination")[0].GetProperty("endpoint").GetString());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
