using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Interop.Signatures.Digests;
using Interop.Signatures.Http;
using Interop.Signatures.Keys;
using Interop.Signatures.Messages;
using Interop.Signatures.Signing;
using Interop.Signatures.Verification;

namespace Interop.Signatures.Tests.Independent;

/// <summary>
/// Our signatures against an independent RFC 9421 implementation, the npm package http-message-signatures:
/// what it signs verifies here under the gateway policy, and what we sign verifies there (and a tampered copy does not).
/// </summary>
public sealed class IndependentImplementationTests : IDisposable
{
    private const string KeyId = "pmrs-120101-2026-01";
    private const string Url = "https://gateway.nspc.gov.kh/fhir/Claim?_format=json";

    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"resourceType":"Claim","status":"active"}""");

    private readonly ECDsa _ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly SignatureKey _key;

    public IndependentImplementationTests()
    {
        _key = SignatureKey.EcdsaP256Sha256(KeyId, ECDsa.Create(_ecdsa.ExportParameters(true)));
    }

    public void Dispose()
    {
        _key.Dispose();
        _ecdsa.Dispose();
    }

    [NodeInteropFact]
    public async Task TheirSignature_VerifiesHereUnderTheGatewayPolicy()
    {
        var answer = await NodeSignatures.RunAsync(new JsonObject
        {
            ["op"] = "sign",
            ["privateKeyPem"] = _ecdsa.ExportPkcs8PrivateKeyPem(),
            ["keyId"] = KeyId,
            ["nonce"] = "node-" + Guid.NewGuid().ToString("N"),
            ["tag"] = SignatureProfile.Tag,
            ["request"] = NodeRequest(UnsignedHeaders()),
        });
        Assert.Null(answer["error"]);
        var headers = new HttpFields(answer["headers"]!.AsObject().Select(h => KeyValuePair.Create(h.Key, h.Value!.GetValue<string>())));

        var verdict = await VerifyHereAsync(Request(headers, Body));
        var tampered = await VerifyHereAsync(Request(headers.Clone().Set("x-member-id", "KH/GOV/NSSF/HSPIS"), Body));

        Assert.True(verdict.IsValid, verdict.ToString());
        Assert.Equal(KeyId, verdict.KeyId);
        Assert.Equal("signature-invalid", tampered.ReasonCode);
    }

    [NodeInteropFact]
    public async Task OurSignature_VerifiesThere_AndATamperedCopyDoesNot()
    {
        var request = SignedRequest();

        var verified = await VerifyThereAsync(NodeRequest(request.Headers));
        var tampered = await VerifyThereAsync(NodeRequest(request.Headers.Clone().Set("content-type", "application/json")));

        Assert.Equal(true, verified["verified"]?.GetValue<bool>());
        Assert.Equal(false, tampered["verified"]?.GetValue<bool>());
    }

    [NodeInteropFact]
    public async Task OurResponseBoundToTheRequest_VerifiesThere()
    {
        var request = SignedRequest();
        var responseHeaders = new HttpFields().Add("content-type", "application/fhir+json");
        var signed = new ResponseSigner(_key).Sign(200, responseHeaders, """{"outcome":"complete"}"""u8, request);
        Assert.True(signed.IsSuccess, signed.Error);

        var verified = await VerifyThereAsync(NodeRequest(request.Headers), new JsonObject { ["status"] = 200, ["headers"] = Headers(responseHeaders) });
        var otherStatus = await VerifyThereAsync(NodeRequest(request.Headers), new JsonObject { ["status"] = 500, ["headers"] = Headers(responseHeaders) });

        Assert.Equal(true, verified["verified"]?.GetValue<bool>());
        Assert.Equal(false, otherStatus["verified"]?.GetValue<bool>());
    }

    private HttpMessage SignedRequest()
    {
        var request = Request(UnsignedHeaders(), Body);
        var signed = new HttpMessageSigner(TimeProvider.System).Sign(request, new SignatureSpecification
        {
            Key = _key,
            Components = SignatureProfile.RequestComponents,
            Tag = SignatureProfile.Tag,
        });
        Assert.True(signed.IsSuccess, signed.Error);
        signed.ApplyTo(request.Headers);
        return request;
    }

    private static HttpFields UnsignedHeaders() => new HttpFields()
        .Add("content-type", "application/fhir+json")
        .Add("content-digest", ContentDigest.Create(Body))
        .Add("x-member-id", "KH/GOV/MOH/PMRS-120101");

    private static HttpMessage Request(HttpFields headers, byte[] body) =>
        HttpMessage.Request("POST", "https", "gateway.nspc.gov.kh", "/fhir/Claim", "_format=json", headers, body);

    private static JsonObject NodeRequest(HttpFields headers) => new() { ["method"] = "POST", ["url"] = Url, ["headers"] = Headers(headers) };

    private static JsonObject Headers(HttpFields headers)
    {
        var json = new JsonObject();
        foreach (var (name, value) in headers)
        {
            json[name.ToLowerInvariant()] = value;
        }

        return json;
    }

    private Task<SignatureVerdict> VerifyHereAsync(HttpMessage message) =>
        new HttpMessageVerifier(new StaticKeyResolver([new ResolvedKey(_key)]), new InMemoryNonceStore(TimeProvider.System), TimeProvider.System)
            .VerifyAsync(message, SignatureProfile.RequestPolicy).AsTask();

    private async Task<JsonObject> VerifyThereAsync(JsonObject request, JsonObject? response = null)
    {
        var command = new JsonObject
        {
            ["op"] = "verify",
            ["publicKeyPem"] = _ecdsa.ExportSubjectPublicKeyInfoPem(),
            ["keyId"] = KeyId,
            ["request"] = request,
        };
        if (response is not null)
        {
            command["response"] = response;
        }

        var answer = await NodeSignatures.RunAsync(command);
        Assert.Null(answer["error"]);
        return answer;
    }
}
