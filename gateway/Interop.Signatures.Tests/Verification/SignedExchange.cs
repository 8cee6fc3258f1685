using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Interop.Signatures.Digests;
using Interop.Signatures.Keys;
using Interop.Signatures.Messages;
using Interop.Signatures.Signing;
using Interop.Signatures.Verification;

namespace Interop.Signatures.Tests.Verification;

/// <summary>A member signing gateway requests, and a verifier trusting its key: the fixture of the policy tests.</summary>
internal sealed class SignedExchange : IDisposable
{
    public const string KeyId = "kh-gov-nssf-hspis-2025-01";
    public const string Member = "KH/GOV/NSSF/HSPIS";
    public const string Tag = "kh-interop";

    private int _nonces;

    public SignedExchange()
    {
        Clock = new FixedTimeProvider(new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.Zero));
        SigningKey = SignatureKey.EcdsaP256Sha256(KeyId, ECDsa.Create(ECCurve.NamedCurves.nistP256));
        Signer = new HttpMessageSigner(Clock, () => "nonce-" + (++_nonces).ToString(CultureInfo.InvariantCulture));
        Keys = [new ResolvedKey(SigningKey) { Owner = Member }];
        Nonces = new InMemoryNonceStore(Clock);
    }

    public FixedTimeProvider Clock { get; }

    public SignatureKey SigningKey { get; }

    public HttpMessageSigner Signer { get; }

    public List<ResolvedKey> Keys { get; }

    public InMemoryNonceStore Nonces { get; }

    public static VerificationPolicy GatewayPolicy => new()
    {
        RequiredComponents = VerificationPolicy.GatewayRequestComponents,
        RequiredTag = Tag,
    };

    public static byte[] Body => Encoding.UTF8.GetBytes("""{"resourceType":"Claim","status":"active"}""");

    public HttpMessageVerifier Verifier => new(new StaticKeyResolver(Keys), Nonces, Clock);

    public static HttpMessage UnsignedClaimRequest(byte[]? body = null)
    {
        body ??= Body;
        var headers = new HttpFields()
            .Add("Host", "gateway.nspc.gov.kh")
            .Add("Content-Type", "application/fhir+json")
            .Add("Content-Digest", ContentDigest.Create(body))
            .Add("X-Member-Id", Member);
        return HttpMessage.Request("POST", "https", "gateway.nspc.gov.kh", "/fhir/Claim", "_format=json", headers, body);
    }

    public SignatureSpecification Specification(Func<SignatureSpecification, SignatureSpecification>? change = null)
    {
        var specification = new SignatureSpecification
        {
            Key = SigningKey,
            Components = VerificationPolicy.GatewayRequestComponents,
            Tag = Tag,
        };
        return change is null ? specification : change(specification);
    }

    public HttpMessage SignedClaimRequest(Func<SignatureSpecification, SignatureSpecification>? change = null)
    {
        var message = UnsignedClaimRequest();
        var signed = Signer.Sign(message, Specification(change));
        Assert.True(signed.IsSuccess, signed.Error);
        signed.ApplyTo(message.Headers);
        return message;
    }

    public ValueTask<SignatureVerdict> VerifyAsync(HttpMessage message, VerificationPolicy? policy = null) =>
        Verifier.VerifyAsync(message, policy ?? GatewayPolicy);

    public void Dispose() => SigningKey.Dispose();
}
