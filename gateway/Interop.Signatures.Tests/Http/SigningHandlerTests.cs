using System.Net;
using System.Security.Cryptography;
using System.Text;
using Interop.Signatures.Http;
using Interop.Signatures.Keys;
using Interop.Signatures.Verification;

namespace Interop.Signatures.Tests.Http;

/// <summary>
/// A real <see cref="HttpClient"/> with <see cref="SigningHandler"/> against a member server that verifies each
/// request and signs its answer: in memory and over loopback HTTP.
/// </summary>
public sealed class SigningHandlerTests : IDisposable
{
    private const string ClientMember = "KH/GOV/MOH/PMRS-120101";
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly FixedTimeProvider _clock = new(Now);
    private readonly SignatureKey _clientKey = SignatureKey.EcdsaP256Sha256("pmrs-2026-01", ECDsa.Create(ECCurve.NamedCurves.nistP256));
    private readonly SignatureKey _serverKey = SignatureKey.EcdsaP256Sha256("gateway-2026-01", ECDsa.Create(ECCurve.NamedCurves.nistP256));
    private readonly MemberServer _server;

    public SigningHandlerTests()
    {
        _server = new MemberServer(new StaticKeyResolver([new ResolvedKey(_clientKey) { Owner = ClientMember }]), _serverKey, _clock);
    }

    public void Dispose()
    {
        _clientKey.Dispose();
        _serverKey.Dispose();
    }

    [Fact]
    public async Task Send_InMemory_ServerVerifiesRequestAndClientVerifiesResponse()
    {
        using var request = ClaimRequest(new Uri("https://gateway.nspc.gov.kh/fhir/Claim?_format=json"));
        using var client = new HttpClient(Handler(_server.AsHandler()));

        using var response = await client.SendAsync(request);

        var verdict = Assert.Single(_server.Verdicts);
        Assert.True(verdict.IsValid, verdict.ToString());
        Assert.Equal("pmrs-2026-01", verdict.KeyId);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(MemberServer.AnswerBody, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(ClientMember, Assert.Single(_server.Received).Headers.GetCombined("x-member-id"));
        AssertEvidence(request, "valid");
    }

    [Fact]
    public async Task Send_OverLoopbackHttp_ServerVerifiesTheWireRequestAndClientVerifiesTheAnswer()
    {
        using var loopback = new LoopbackServer(_server);
        using var client = new HttpClient(Handler(new SocketsHttpHandler()));
        using var request = ClaimRequest(new Uri(loopback.BaseAddress, "fhir/Claim?_format=json&patient=KH%20001"));

        using var response = await client.SendAsync(request);

        var verdict = Assert.Single(_server.Verdicts);
        Assert.True(verdict.IsValid, verdict.ToString());
        Assert.Equal("_format=json&patient=KH%20001", Assert.Single(_server.Received).Query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertEvidence(request, "valid");
    }

    [Fact]
    public async Task Send_ResponseBodyChangedAfterSigning_ThrowsDigestMismatch()
    {
        _server.Mode = AnswerMode.BodyChangedAfterSigning;
        using var request = ClaimRequest(new Uri("https://gateway.nspc.gov.kh/fhir/Claim"));
        using var client = new HttpClient(Handler(_server.AsHandler()));

        var e = await Assert.ThrowsAsync<SignatureVerificationException>(() => client.SendAsync(request));

        Assert.Equal("digest-mismatch", e.ReasonCode);
        Assert.Equal("digest-mismatch", SigningHandler.EvidenceOf(request)[1].Verdict);
    }

    [Fact]
    public async Task Send_ResponseBoundToAnotherRequest_ThrowsSignatureInvalid()
    {
        _server.Mode = AnswerMode.BoundToAnotherRequest;
        using var request = ClaimRequest(new Uri("https://gateway.nspc.gov.kh/fhir/Claim"));
        using var client = new HttpClient(Handler(_server.AsHandler()));

        var e = await Assert.ThrowsAsync<SignatureVerificationException>(() => client.SendAsync(request));

        Assert.Equal("signature-invalid", e.ReasonCode);
    }

    [Fact]
    public async Task Send_UnsignedResponseNotRequired_ReturnsItWithTheRefusalRecorded()
    {
        _server.Mode = AnswerMode.Unsigned;
        using var request = ClaimRequest(new Uri("https://gateway.nspc.gov.kh/fhir/Claim"));
        using var client = new HttpClient(Handler(_server.AsHandler(), requireSignedResponse: false));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var evidence = SigningHandler.EvidenceOf(request);
        Assert.Equal(["signed", "signature-missing"], evidence.Select(e => e.Verdict));
        Assert.Null(evidence[1].SignatureBase);
    }

    [Fact]
    public async Task Send_ResponseFromAnUntrustedKey_ThrowsUnknownKey()
    {
        using var request = ClaimRequest(new Uri("https://gateway.nspc.gov.kh/fhir/Claim"));
        var options = Options(requireSignedResponse: true);
        options.ResponseKeys = new StaticKeyResolver([]);
        using var client = new HttpClient(new SigningHandler(options, _server.AsHandler()));

        var e = await Assert.ThrowsAsync<SignatureVerificationException>(() => client.SendAsync(request));

        Assert.Equal("unknown-key", e.ReasonCode);
    }

    [Fact]
    public async Task Send_NoResponseKeys_DoesNotVerifyTheResponse()
    {
        _server.Mode = AnswerMode.BodyChangedAfterSigning;
        using var request = ClaimRequest(new Uri("https://gateway.nspc.gov.kh/fhir/Claim"));
        var options = Options(requireSignedResponse: false);
        options.ResponseKeys = null;
        using var client = new HttpClient(new SigningHandler(options, _server.AsHandler()));

        using var response = await client.SendAsync(request);

        Assert.Equal("signed", Assert.Single(SigningHandler.EvidenceOf(request)).Verdict);
    }

    [Fact]
    public async Task Send_BodylessGet_SignsDigestOfEmptyContentWithoutContentType()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://gateway.nspc.gov.kh/fhir/metadata");
        var policy = SignatureProfile.RequestPolicy with { RequiredComponents = [.. SignatureProfile.RequestComponents.Where(c => c.Name != "content-type")] };
        using var client = new HttpClient(Handler(_server.AsHandler(), requireSignedResponse: false));

        await client.SendAsync(request);

        var received = Assert.Single(_server.Received);
        var verdict = await new HttpMessageVerifier(new StaticKeyResolver([new ResolvedKey(_clientKey)]), new InMemoryNonceStore(_clock), _clock).VerifyAsync(received, policy);
        Assert.True(verdict.IsValid, verdict.ToString());
        Assert.Equal("sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:", received.Headers.GetCombined("content-digest"));
        Assert.DoesNotContain("content-type", received.Headers.GetCombined("signature-input"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_RetriedByAnOuterHandler_IsSignedAfreshEachTime()
    {
        using var request = ClaimRequest(new Uri("https://gateway.nspc.gov.kh/fhir/Claim"));
        using var invoker = new HttpMessageInvoker(new SendTwiceHandler { InnerHandler = Handler(_server.AsHandler()) });

        using var response = await invoker.SendAsync(request, default);

        Assert.Equal(2, _server.Verdicts.Count);
        Assert.All(_server.Verdicts, v => Assert.True(v.IsValid, v.ToString()));
        Assert.NotEqual(_server.Verdicts[0].Nonce, _server.Verdicts[1].Nonce);
        Assert.All(_server.Received, r =>
        {
            Assert.Equal(ClientMember, r.Headers.GetCombined("x-member-id"));
            Assert.DoesNotContain(",", r.Headers.GetCombined("content-digest"), StringComparison.Ordinal);
            Assert.DoesNotContain(",", r.Headers.GetCombined("signature-input"), StringComparison.Ordinal);
            Assert.DoesNotContain(",", r.Headers.GetCombined("signature"), StringComparison.Ordinal);
        });
        Assert.Equal(["signed", "valid", "signed", "valid"], SigningHandler.EvidenceOf(request).Select(e => e.Verdict));
    }

    [Fact]
    public void Constructor_RequireSignedResponseWithoutKeys_Throws()
    {
        var options = Options(requireSignedResponse: true);
        options.ResponseKeys = null;

        Assert.Throws<ArgumentException>(() => new SigningHandler(options));
    }

    private static HttpRequestMessage ClaimRequest(Uri uri) => new(HttpMethod.Post, uri)
    {
        Content = new StringContent("""{"resourceType":"Claim","status":"active"}""", Encoding.UTF8, "application/fhir+json"),
    };

    private static void AssertEvidence(HttpRequestMessage request, string responseVerdict)
    {
        var evidence = SigningHandler.EvidenceOf(request);
        Assert.Equal(2, evidence.Count);
        var (sent, answer) = (evidence[0], evidence[1]);
        Assert.Equal(("request", "sig1", "pmrs-2026-01", "ecdsa-p256-sha256", "signed"), (sent.Direction, sent.Label, sent.KeyId, sent.Algorithm, sent.Verdict));
        Assert.StartsWith("\"@method\": POST\n\"@path\": /fhir/Claim\n", sent.SignatureBase, StringComparison.Ordinal);
        Assert.Contains("\"x-member-id\": KH/GOV/MOH/PMRS-120101\n", sent.SignatureBase, StringComparison.Ordinal);
        Assert.StartsWith("sig1=(\"@method\" \"@path\" \"@query\" \"content-type\" \"content-digest\" \"x-member-id\");created=", sent.SignatureInput, StringComparison.Ordinal);
        Assert.Contains("tag=\"kh-interop\"", sent.SignatureInput, StringComparison.Ordinal);
        Assert.StartsWith("sha-256=:", sent.ContentDigest, StringComparison.Ordinal);
        Assert.Equal(("response", "gateway-2026-01", responseVerdict), (answer.Direction, answer.KeyId, answer.Verdict));
        Assert.StartsWith("\"@status\": 200\n\"content-type\": application/fhir+json\n\"content-digest\": sha-256=:", answer.SignatureBase, StringComparison.Ordinal);
        Assert.Contains("\"signature\";key=\"sig1\";req: :", answer.SignatureBase, StringComparison.Ordinal);
        Assert.NotNull(answer.Signature);
    }

    private SigningHandlerOptions Options(bool requireSignedResponse) => new()
    {
        Key = _clientKey,
        MemberId = ClientMember,
        ResponseKeys = new StaticKeyResolver([new ResolvedKey(_serverKey) { Owner = "KH/GOV/NSPC/GATEWAY" }]),
        RequireSignedResponse = requireSignedResponse,
        TimeProvider = _clock,
    };

    private SigningHandler Handler(HttpMessageHandler inner, bool requireSignedResponse = true) => new(Options(requireSignedResponse), inner);

    /// <summary>Sends each request twice down the pipeline, as a retry policy outside the signing handler does.</summary>
    private sealed class SendTwiceHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            (await base.SendAsync(request, cancellationToken)).Dispose();
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
