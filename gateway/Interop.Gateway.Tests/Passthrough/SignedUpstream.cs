using System.Text;
using System.Text.Json;
using Interop.Gateway.Tests.Signing;
using Interop.Signatures.Http;
using Interop.Signatures.Keys;
using Interop.Signatures.Messages;
using Interop.Signatures.Verification;
using WireMock;
using WireMock.ResponseBuilders;
using WireMock.Types;
using WireMock.Util;

namespace Interop.Gateway.Tests.Passthrough;

/// <summary>
/// A WireMock upstream that signs its answers as a real member does (the sandbox PCA's test key), bound to the request
/// it answers; and the checks a member makes of what the gateway sent it and answered.
/// </summary>
internal static class SignedUpstream
{
    public const string Pca = "KH/GOV/MOH/PCA";

    public static SignatureKey PcaKey { get; } = SigningKit.Load("pca", "sandbox-pca-2026-01");

    /// <summary>The gateway's public key, as its JWKS publishes it.</summary>
    public static SignatureKey GatewayPublicKey { get; } =
        SignatureKey.FromJwk(JsonDocument.Parse(File.ReadAllText(Path.Combine(SigningKit.Keys, "gateway.jwks.json"))).RootElement.GetProperty("keys")[0].GetRawText()).Value!;

    /// <summary>Central mode, with the PCA's key in the trust store (it answers) and H-SPIS allowed on the PCA's passthrough.</summary>
    public static (string Key, string Value)[] Central(params (string Key, string Value)[] more) => SigningKit.Central(
    [
        ($"Trust:Members:{Pca}:JwksFile", Path.Combine(SigningKit.Keys, "pca.jwks.json")),
        ($"Trust:Members:{SigningKit.Hspis}:Routes:1", "fhir:pca"),
        ("Upstreams:Pca:AttemptTimeout", "00:00:10"),
        .. more,
    ]);

    /// <summary>An answer signed with <paramref name="key"/> (default the PCA's), bound to the request it answers or, to forge one, to another request.</summary>
    public static IResponseBuilder Answer(int status, string body, SignatureKey? key = null, bool boundToAnotherRequest = false) =>
        Response.Create().WithCallback(request =>
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            var headers = new HttpFields().Add("Content-Type", "application/fhir+json");
            var answered = boundToAnotherRequest
                ? HttpMessage.Request("POST", new Uri(request.AbsoluteUrl), new HttpFields().Add("Signature", $"sig1=:{Convert.ToBase64String(new byte[64])}:"))
                : Received(request);
            Assert.True(new ResponseSigner(key ?? PcaKey).Sign(status, headers, bytes, answered).IsSuccess);
            return new ResponseMessage
            {
                StatusCode = status,
                Headers = headers.GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => new WireMockList<string>(g.Select(h => h.Value))),
                BodyData = new BodyData { BodyAsBytes = bytes, DetectedBodyType = BodyType.Bytes },
            };
        });

    /// <summary>A request WireMock received, as the signature library sees it.</summary>
    public static HttpMessage Received(IRequestMessage request) => HttpMessage.Request(
        request.Method,
        new Uri(request.AbsoluteUrl),
        new HttpFields((request.Headers ?? new Dictionary<string, WireMockList<string>>()).SelectMany(h => h.Value.Select(v => KeyValuePair.Create(h.Key, v)))),
        request.BodyAsBytes ?? Encoding.UTF8.GetBytes(request.Body ?? ""));

    /// <summary>Checks what an upstream received as a member would: signed under the profile by one of <paramref name="keys"/>.</summary>
    public static async Task<SignatureVerdict> VerifyAsync(IRequestMessage request, params SignatureKey[] keys)
    {
        var message = Received(request);
        var policy = new VerificationPolicy { RequiredComponents = global::Interop.Gateway.Signing.MessageSignatures.RequestComponents(message.Headers.Contains("content-type")), RequiredTag = SignatureProfile.Tag };
        var verifier = new HttpMessageVerifier(new StaticKeyResolver(keys.Select(k => new ResolvedKey(k))), new InMemoryNonceStore(TimeProvider.System), TimeProvider.System);
        return await verifier.VerifyAsync(message, policy);
    }

    /// <summary>A client signing as H-SPIS that refuses any answer the gateway did not sign, bound to its request.</summary>
    public static HttpClient HspisClient(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> factory) =>
        factory.CreateDefaultClient(new SigningHandler(new SigningHandlerOptions
        {
            Key = SigningKit.HspisKey,
            MemberId = SigningKit.Hspis,
            ResponseKeys = new StaticKeyResolver([new ResolvedKey(GatewayPublicKey)]),
            RequireSignedResponse = true,
        }));
}
