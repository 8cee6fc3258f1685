using System.Net;
using System.Security.Cryptography;
using Hl7.Fhir.Model;
using Interop.Signatures.AspNetCore;
using Interop.Signatures.Http;
using Interop.Signatures.Keys;
using Interop.Signatures.Messages;
using Interop.Signatures.Verification;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Interop.Registry.Tests.People;
using static Interop.Registry.Tests.Signing.RegistrySigningKit;
using Task = System.Threading.Tasks.Task;

namespace Interop.Registry.Tests.Signing;

/// <summary>
/// The standalone registry in the signed exchange, over its real pipeline: signed requests of trusted members are
/// served and their answers signed with the registry's key, bound to the request; everything else is refused with a
/// FHIR OperationOutcome (issue code <c>security</c>) and logged as a security event without the body.
/// </summary>
public sealed class SignedRegistryTests
{
    private const string Register = "/fhir/Patient/$register";

    private static Patient Someone(string latinFamily = "SOK") =>
        Person(null, null, latinFamily, "SOVANNA", "female", BirthDate(), Village(), Id(RegistryIdentifiers.NssfMemberNumber, NssfNumber()));

    private static HttpRequestMessage Post(string path, Resource body) => new(HttpMethod.Post, path) { Content = RegistryHost.Fhir(body) };

    private static async Task<string> RefusalTextAsync(HttpResponseMessage response)
    {
        var outcome = await RegistryHost.ReadAsync<OperationOutcome>(response);
        var issue = Assert.Single(outcome.Issue);
        Assert.Equal(OperationOutcome.IssueType.Security, issue.Code);
        return Assert.IsType<string>(issue.Details?.Text);
    }

    [Fact]
    public async Task Register_SignedByAMember_IsServedAndTheAnswerIsSignedByTheRegistryAndBoundToTheRequest()
    {
        await using var host = RegistryHost.Start("sqlite", settings: Signed());
        using var client = host.CreateClient(Signer(NssfKey, Nssf, host.Clock));
        using var request = Post(Register, Someone());

        using var response = await client.SendAsync(request); // the handler throws unless the answer verifies

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var answer = AnswerEvidence(request);
        Assert.Equal(("valid", RegistryKeyId), (answer.Verdict, answer.KeyId));
        Assert.Contains("\"signature\";key=\"sig1\";req", answer.SignatureInput, StringComparison.Ordinal);
        Assert.Contains("\"@status\" \"content-type\" \"content-digest\"", answer.SignatureInput, StringComparison.Ordinal);
        Assert.Equal("new", Assert.IsType<Coding>((await RegistryHost.ReadAsync<Parameters>(response)).GetSingle("outcome")!.Value).Code);
    }

    [Fact]
    public async Task Answer_CheckedAgainstAnotherRequest_IsRefused()
    {
        await using var host = RegistryHost.Start("sqlite", settings: Signed());
        using var client = host.CreateClient(Signer(NssfKey, Nssf, host.Clock, verifyAnswer: false));
        using var first = Post(Register, Someone());
        using var second = Post(Register, Someone());
        using var firstAnswer = await client.SendAsync(first);
        using var secondAnswer = await client.SendAsync(second);

        var verifier = new HttpMessageVerifier(RegistryPublicKey, new InMemoryNonceStore(host.Clock), host.Clock);
        var asSent = await verifier.VerifyAsync(await AnswerToAsync(firstAnswer, first), SignatureProfile.ResponsePolicy);
        var swapped = await verifier.VerifyAsync(await AnswerToAsync(secondAnswer, first), SignatureProfile.ResponsePolicy);

        Assert.True(asSent.IsValid, asSent.ToString());
        Assert.Equal("signature-invalid", swapped.ReasonCode);
    }

    [Fact]
    public async Task Match_ForwardedByTheGatewayForAMember_IsServedAndSigned()
    {
        await using var host = RegistryHost.Start("sqlite", settings: Signed());
        using var client = host.CreateClient(Signer(GatewayKey, Gateway, host.Clock, actsForRequestMember: true));
        var probe = new Parameters();
        probe.Add("resource", Someone("CHHUN"));
        using var request = Post("/fhir/Patient/$match", probe);
        request.Headers.Add("X-Member-Id", Pmrs); // the member whose signature the gateway verified

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Bundle.BundleType.Searchset, (await RegistryHost.ReadAsync<Bundle>(response)).Type);
        Assert.Equal("valid", AnswerEvidence(request).Verdict);
    }

    [Fact]
    public async Task IhePix_SignedGetWithAnEncodedQuery_IsServedAndSigned()
    {
        await using var host = RegistryHost.Start("sqlite", settings: Signed());
        using var nssf = host.CreateClient(Signer(NssfKey, Nssf, host.Clock));
        var number = NssfNumber();
        using (var registered = await nssf.SendAsync(Post(Register, Person(null, null, "KEO", "DARA", "male", BirthDate(), Village(), Id(RegistryIdentifiers.NssfMemberNumber, number)))))
        {
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        }

        using var pmrs = host.CreateClient(Signer(PmrsKey, Pmrs, host.Clock));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/fhir/Patient/$ihe-pix?sourceIdentifier={Uri.EscapeDataString($"{RegistryIdentifiers.NssfMemberNumber}|{number}")}");

        using var response = await pmrs.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await RegistryHost.ReadAsync<Parameters>(response);
        Assert.Contains(answer.Parameter, p => p.Name == "targetIdentifier" && p.Value is Identifier id && id.System == RegistryIdentifiers.Spid);
    }

    [Fact]
    public async Task Unsigned_IsRefusedWith401_AndLoggedAsASecurityEventWithoutTheBody()
    {
        await using var host = RegistryHost.Start("sqlite", settings: Signed());
        var person = Someone("UNSIGNEDFAMILY");

        using var response = await host.PostAsync(Register, person);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("signature-missing: ", await RefusalTextAsync(response), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Signature"));
        var security = Assert.Single(host.Logs.Lines, l => l.EventName == "SecurityEvent");
        Assert.Equal(LogLevel.Warning, security.Level);
        Assert.Contains("signature-missing", security.Message, StringComparison.Ordinal);
        Assert.Contains("registry:register", security.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Logs.Lines, l => l.Message.Contains("UNSIGNEDFAMILY", StringComparison.Ordinal) || l.Message.Contains(person.Identifier[0].Value!, StringComparison.Ordinal));
    }

    public static TheoryData<string, HttpStatusCode, string, string> Refusals => new()
    {
        // what goes wrong, the status, the reason code, words the caller reads
        { "unknown key", HttpStatusCode.Unauthorized, "unknown-key", "keyid is not in this service's trust store" },
        { "signed ten minutes ago", HttpStatusCode.Unauthorized, "signature-expired", "expired" },
        { "member not allowed on the route", HttpStatusCode.Forbidden, "not-allowed", "not allowed on this route" },
        { "key of another member", HttpStatusCode.Forbidden, "not-allowed", "does not belong to the member named in X-Member-Id" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Register_Refused_WithTheStatusAndTheReason_AndNothingRegistered(string wrong, HttpStatusCode status, string reason, string words)
    {
        await using var host = RegistryHost.Start("sqlite", settings: Signed());
        var (key, member, clock) = wrong switch
        {
            "unknown key" => (SignatureKey.EcdsaP256Sha256("stranger-2026-01", ECDsa.Create(ECCurve.NamedCurves.nistP256)), Nssf, (TimeProvider)host.Clock),
            "signed ten minutes ago" => (NssfKey, Nssf, new ManualClock(host.Clock.GetUtcNow() - TimeSpan.FromMinutes(10))),
            "member not allowed on the route" => (PmrsKey, Pmrs, host.Clock),
            _ => (PmrsKey, Nssf, host.Clock),
        };
        using var client = host.CreateClient(Signer(key, member, clock, verifyAnswer: false));

        using var response = await client.SendAsync(Post(Register, Someone()));

        Assert.Equal(status, response.StatusCode);
        var text = await RefusalTextAsync(response);
        Assert.StartsWith(reason + ": ", text, StringComparison.Ordinal);
        Assert.Contains(words, text, StringComparison.Ordinal);
        Assert.Contains(host.Logs.Lines, l => l.EventName == "SecurityEvent" && l.Message.Contains(reason, StringComparison.Ordinal));
        Assert.Equal(0, (await host.Services.GetRequiredService<Interop.Registry.Storage.IRegistryStore>().CountAsync()).Persons);
    }

    [Fact]
    public async Task BodyChangedAfterSigning_IsRefusedAsDigestMismatch()
    {
        await using var host = RegistryHost.Start("sqlite", settings: Signed());
        using var client = host.CreateClient(Signer(NssfKey, Nssf, host.Clock));
        using var signed = Post(Register, Someone());
        (await client.SendAsync(signed)).Dispose();

        using var tampered = Resend(signed, RegistryHost.Fhir(Someone("CHANGED")));
        using var response = await host.Client.SendAsync(tampered);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("digest-mismatch: Content-Digest does not match the body", await RefusalTextAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MemberNotAllowed_RefusalIsSignedAndBoundToTheRequest()
    {
        await using var host = RegistryHost.Start("sqlite", settings: Signed());
        using var client = host.CreateClient(Signer(PmrsKey, Pmrs, host.Clock)); // throws unless the refusal verifies
        using var request = Post(Register, Someone());

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("valid", AnswerEvidence(request).Verdict);
    }

    [Fact]
    public async Task Replayed_SameSignedRequestTwice_SecondIsRefused()
    {
        await using var host = RegistryHost.Start("sqlite", settings: Signed());
        using var client = host.CreateClient(Signer(NssfKey, Nssf, host.Clock));
        var person = Someone();
        using var signed = Post(Register, person);
        using (var first = await client.SendAsync(signed))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        }

        using var replay = Resend(signed, RegistryHost.Fhir(person));
        using var response = await host.Client.SendAsync(replay);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("replayed: ", await RefusalTextAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BodyLargerThanTheLimit_IsRefusedWith413BeforeItIsVerified()
    {
        await using var host = RegistryHost.Start("sqlite", settings: Signed(("Signing:MaxRequestBytes", "1024")));
        using var client = host.CreateClient(Signer(NssfKey, Nssf, host.Clock, verifyAnswer: false));
        var person = Someone();
        person.Name[0].Given = [new string('A', 2048)];

        using var response = await client.SendAsync(Post(Register, person));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var issue = Assert.Single((await RegistryHost.ReadAsync<OperationOutcome>(response)).Issue);
        Assert.Equal(OperationOutcome.IssueType.TooCostly, issue.Code);
    }

    [Fact]
    public async Task EveryFhirEndpoint_HasARegistryRouteId()
    {
        await using var host = RegistryHost.Start("sqlite");

        var fhir = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/fhir", StringComparison.Ordinal) == true)
            .ToList();

        Assert.Equal(11, fhir.Count);
        Assert.All(fhir, e => Assert.StartsWith("registry:", e.Metadata.GetMetadata<SignedRouteMetadata>()?.RouteId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task HealthCheck_OutsideTheSignedPaths_IsServedUnsigned()
    {
        await using var host = RegistryHost.Start("sqlite", settings: Signed());

        using var response = await host.Client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("sandbox-registry-2026-01", "")]
    public void Start_SigningRequiredWithoutAKey_FailsNamingSigningKey(string keyId, string keyFile)
    {
        var failure = Assert.ThrowsAny<Exception>(() => RegistryHost.Start("sqlite", settings: [("Signing:Mode", "Required"), ("Signing:Key:KeyId", keyId), ("Signing:Key:KeyFile", keyFile)]));

        Assert.Contains("Signing:Key is required when Signing:Mode is Required", Flatten(failure), StringComparison.Ordinal);
    }

    [Fact]
    public void ShippedConfiguration_RequiresSigning_WithAKeyToBeGiven()
    {
        var shipped = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json")).Build();

        Assert.Equal(("Required", RegistryMember, "/fhir", ""), (shipped["Signing:Mode"], shipped["Signing:Member"], shipped["Signing:Paths:0"], shipped["Signing:Key:KeyFile"]));
    }

    /// <summary>The same signed request (its signature, digest and member headers) sent again with <paramref name="content"/>.</summary>
    private static HttpRequestMessage Resend(HttpRequestMessage sent, HttpContent content)
    {
        var again = new HttpRequestMessage(sent.Method, sent.RequestUri) { Content = content };
        foreach (var name in new[] { "Signature-Input", "Signature", "Content-Digest", "X-Member-Id" })
        {
            again.Headers.TryAddWithoutValidation(name, sent.Headers.GetValues(name));
        }

        return again;
    }

    /// <summary>What the caller's signing handler made of the registry's answer.</summary>
    private static SignatureEvidence AnswerEvidence(HttpRequestMessage request) => SigningHandler.EvidenceOf(request).Single(e => e.Direction == "response");

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);

    /// <summary>The registry's answer to <paramref name="response"/>, paired with <paramref name="request"/> (which may be another request).</summary>
    private static async Task<HttpMessage> AnswerToAsync(HttpResponseMessage response, HttpRequestMessage request)
    {
        var requestBody = await request.Content!.ReadAsByteArrayAsync();
        var body = await response.Content.ReadAsByteArrayAsync();
        return HttpMessages.FromResponse(response, body, HttpMessages.FromRequest(request, requestBody));
    }
}
