using System.Text;
using Interop.Signatures.Digests;
using Interop.Signatures.Http;
using Interop.Signatures.Keys;
using Interop.Signatures.Messages;
using Interop.Signatures.Verification;

namespace Interop.Signatures.Tests.Http;

/// <summary>How the test server answers.</summary>
internal enum AnswerMode
{
    Signed,
    Unsigned,
    BodyChangedAfterSigning,
    BoundToAnotherRequest,
}

/// <summary>
/// A member's server for the tests: verifies each signed request against its trust (refusing with 401 and the
/// reason code) and answers a signed ClaimResponse bound to the request. Runs in memory or behind <see cref="LoopbackServer"/>.
/// </summary>
internal sealed class MemberServer(ISignatureKeyResolver trust, SignatureKey serverKey, TimeProvider clock)
{
    public static readonly byte[] AnswerBody = Encoding.UTF8.GetBytes("""{"resourceType":"ClaimResponse","outcome":"complete"}""");

    private readonly HttpMessageVerifier _verifier = new(trust, new InMemoryNonceStore(clock), clock);
    private readonly ResponseSigner _signer = new(serverKey, clock);

    public AnswerMode Mode { get; set; } = AnswerMode.Signed;

    public List<SignatureVerdict> Verdicts { get; } = [];

    public List<HttpMessage> Received { get; } = [];

    public async Task<(int Status, HttpFields Headers, byte[] Body)> AnswerAsync(HttpMessage request)
    {
        var verdict = await _verifier.VerifyAsync(request, SignatureProfile.RequestPolicy);
        lock (Verdicts)
        {
            Verdicts.Add(verdict);
            Received.Add(request);
        }

        var status = verdict.IsValid ? 200 : 401;
        var body = verdict.IsValid ? AnswerBody : Encoding.UTF8.GetBytes($$"""{"error":"{{verdict.ReasonCode}}"}""");
        var headers = new HttpFields().Add("Content-Type", "application/fhir+json");
        if (Mode == AnswerMode.Unsigned)
        {
            return (status, headers.Add(ContentDigest.FieldName, ContentDigest.Create(body)), body);
        }

        var boundTo = Mode == AnswerMode.BoundToAnotherRequest
            ? request with { Headers = request.Headers.Clone().Set("Signature", "sig1=:" + Convert.ToBase64String(new byte[64]) + ":") }
            : request;
        var signed = _signer.Sign(status, headers, body, boundTo);
        if (!signed.IsSuccess)
        {
            throw new InvalidOperationException(signed.Error);
        }

        return (status, headers, Mode == AnswerMode.BodyChangedAfterSigning ? Encoding.UTF8.GetBytes("""{"resourceType":"ClaimResponse","outcome":"error"}""") : body);
    }

    /// <summary>The server as an in-memory handler of an <see cref="HttpClient"/>.</summary>
    public HttpMessageHandler AsHandler() => new InMemoryHandler(this);

    private sealed class InMemoryHandler(MemberServer server) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            var (status, headers, answer) = await server.AnswerAsync(HttpMessages.FromRequest(request, body));
            var response = new HttpResponseMessage((System.Net.HttpStatusCode)status) { Content = new ByteArrayContent(answer), RequestMessage = request };
            foreach (var (name, value) in headers)
            {
                if (!response.Headers.TryAddWithoutValidation(name, value))
                {
                    response.Content.Headers.TryAddWithoutValidation(name, value);
                }
            }

            return response;
        }
    }
}
