using System.Net;
using Hl7.Fhir.Model;
using Interop.Registry.Notifications;
using Interop.Signatures.Http;
using Interop.Signatures.Keys;
using Interop.Signatures.Messages;
using Interop.Signatures.Verification;
using Interop.Testing;
using Microsoft.Extensions.DependencyInjection;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;
using static Interop.Registry.Tests.People;
using static Interop.Registry.Tests.Signing.RegistrySigningKit;
using Task = System.Threading.Tasks.Task;

namespace Interop.Registry.Tests.Signing;

/// <summary>Link and merge notifications of a signing registry, to operators played by WireMock.Net over real HTTP.</summary>
public sealed class SignedNotificationTests
{
    [Fact]
    public async Task Merge_SigningOn_EachNotificationCarriesTheRegistrySignature_AndOnlyASignedAcknowledgementCounts()
    {
        using var operators = LoopbackPorts.Start(1, ports => WireMockServer.Start(ports[0]));
        await using var host = RegistryHost.Start("sqlite", options =>
        {
            options.Notifications.Endpoints[Nssf] = new Uri(operators.Url + "/notify/nssf");
            options.Notifications.Endpoints[Pca] = new Uri(operators.Url + "/notify/pca");
        }, settings: Signed());
        operators.Given(Request.Create().WithPath("/notify/nssf").UsingPost()).RespondWith(Response.Create().WithCallback(r => SignedAcknowledgement(r, NssfKey, host.Clock)));
        operators.Given(Request.Create().WithPath("/notify/pca").UsingPost()).RespondWith(Response.Create().WithStatusCode(200)); // an acknowledgement nobody signed
        using var nssf = host.CreateClient(Signer(NssfKey, Nssf, host.Clock));
        using var gateway = host.CreateClient(Signer(GatewayKey, Gateway, host.Clock, actsForRequestMember: true));
        var a = await RegisterAsync(nssf, Person(null, null, "PROM", "SOPHAL", "male", BirthDate(), Village(), Id(RegistryIdentifiers.NssfMemberNumber, NssfNumber())));
        var b = await RegisterAsync(gateway, Person(null, null, "YIM", "NIMOL", "female", BirthDate(), Village(), Id(RegistryIdentifiers.IdPoorEquityCard, EquityCard())), Pca);
        var merge = new Parameters();
        merge.Add("source-patient", new Identifier(RegistryIdentifiers.Spid, b));
        merge.Add("target-patient", new Identifier(RegistryIdentifiers.Spid, a));
        merge.Add("reason", new FhirString("Registered twice"));
        using (var merged = await SendAsync(gateway, "/fhir/Patient/$merge", merge, "KH/GOV/NSPC/REGISTRY-DESK"))
        {
            Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
        }

        var delivered = await host.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();

        Assert.Equal(1, delivered); // the NSSF's signed acknowledgement; the PCA's unsigned one does not count
        var verifier = new HttpMessageVerifier(RegistryPublicKey, new InMemoryNonceStore(host.Clock), host.Clock);
        foreach (var path in new[] { "/notify/nssf", "/notify/pca" })
        {
            var received = AsSigned(operators.LogEntries.Single(e => e.RequestMessage.Path == path).RequestMessage);
            var verdict = await verifier.VerifyAsync(received, SignatureProfile.RequestPolicy);
            Assert.True(verdict.IsValid, $"{path}: {verdict}");
            Assert.Equal((RegistryKeyId, RegistryMember), (verdict.KeyId, received.Headers.GetCombined("X-Member-Id")));
        }

        var outbox = await host.Services.GetRequiredService<Interop.Registry.Storage.IRegistryStore>().ListNotificationsAsync();
        Assert.Equal([(Pca, false), (Nssf, true)], outbox.Select(m => (m.Receiver, m.DeliveredAt is not null)).OrderBy(m => m.Receiver, StringComparer.Ordinal));
        Assert.Contains(host.Logs.Lines, l => l.Message.Contains("failed (acknowledgement signature-missing)", StringComparison.Ordinal));
    }

    private static async Task<string> RegisterAsync(HttpClient client, Patient patient, string? member = null)
    {
        using var response = await SendAsync(client, "/fhir/Patient/$register", patient, member);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var registered = Assert.IsType<Patient>((await RegistryHost.ReadAsync<Parameters>(response)).GetSingle("patient")!.Resource);
        return registered.Identifier.Single(i => i.System == RegistryIdentifiers.Spid && i.Use == Identifier.IdentifierUse.Official).Value!;
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string path, Resource body, string? member)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = RegistryHost.Fhir(body) };
        if (member is not null)
        {
            request.Headers.Add("X-Member-Id", member); // the member the gateway acts for
        }

        return client.SendAsync(request);
    }

    /// <summary>A request WireMock received, as the signature library sees it.</summary>
    private static HttpMessage AsSigned(IRequestMessage request)
    {
        var headers = new HttpFields();
        foreach (var (name, values) in request.Headers ?? new Dictionary<string, WireMockList<string>>())
        {
            foreach (var value in values)
            {
                headers.Add(name, value);
            }
        }

        return HttpMessage.Request(request.Method, "http", request.Host, request.Path, null, headers, request.BodyAsBytes ?? []);
    }

    /// <summary>What a signing operator answers: an OperationOutcome signed with its key, bound to the notification.</summary>
    private static ResponseMessage SignedAcknowledgement(IRequestMessage request, SignatureKey key, TimeProvider clock)
    {
        var body = """{"resourceType":"OperationOutcome","issue":[{"severity":"information","code":"informational"}]}"""u8.ToArray();
        var headers = new HttpFields().Add("Content-Type", "application/fhir+json");
        var signed = new ResponseSigner(key, clock).Sign(200, headers, body, AsSigned(request));
        Assert.True(signed.IsSuccess, signed.Error);
        return new ResponseMessage
        {
            StatusCode = 200,
            Headers = headers.GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => new WireMockList<string>(g.Select(h => h.Value))),
            BodyData = new BodyData { BodyAsBytes = body, DetectedBodyType = BodyType.Bytes },
        };
    }
}
