using System.Security.Cryptography;
using System.Text;
using Interop.Signatures.Components;
using Interop.Signatures.Digests;
using Interop.Signatures.Keys;
using Interop.Signatures.Messages;
using Interop.Signatures.Verification;

namespace Interop.Signatures.Tests.Verification;

/// <summary>The gateway policy: a signed member request verifies, and every way of breaking it is refused with the right code.</summary>
public sealed class HttpMessageVerifierTests : IDisposable
{
    private readonly SignedExchange _exchange = new();

    public void Dispose() => _exchange.Dispose();

    [Fact]
    public async Task Verify_SignedMemberRequest_IsValidWithKeyLabelCreatedAndNonce()
    {
        var message = _exchange.SignedClaimRequest();

        var verdict = await _exchange.VerifyAsync(message);

        Assert.True(verdict.IsValid, verdict.ToString());
        Assert.Equal(SignedExchange.KeyId, verdict.KeyId);
        Assert.Equal("sig1", verdict.Label);
        Assert.Equal(_exchange.Clock.Now, verdict.Created);
        Assert.Equal("nonce-1", verdict.Nonce);
        Assert.Equal(SignatureAlgorithms.EcdsaP256Sha256, verdict.Algorithm);
    }

    [Fact]
    public void Sign_GatewayRequest_WritesTheExpectedSignatureInput()
    {
        var message = _exchange.SignedClaimRequest();

        Assert.Equal(
            "sig1=(\"@method\" \"@path\" \"@query\" \"content-type\" \"content-digest\" \"x-member-id\");created=1740816000;keyid=\"kh-gov-nssf-hspis-2025-01\";alg=\"ecdsa-p256-sha256\";expires=1740816300;nonce=\"nonce-1\";tag=\"kh-interop\"",
            message.Headers.GetCombined("signature-input"));
    }

    public static TheoryData<string> TamperedParts => ["@method", "@path", "@query", "content-type", "content-digest", "x-member-id", "x-member-id removed"];

    [Theory]
    [MemberData(nameof(TamperedParts))]
    public async Task Verify_CoveredPartChangedAfterSigning_IsSignatureInvalid(string part)
    {
        var message = _exchange.SignedClaimRequest();
        var tampered = part switch
        {
            "@method" => message with { Method = "PUT" },
            "@path" => message with { Path = "/fhir/Patient" },
            "@query" => message with { Query = "_format=xml" },
            "content-type" => message with { Headers = message.Headers.Clone().Set("Content-Type", "application/json") },
            "content-digest" => message with { Headers = message.Headers.Clone().Set("Content-Digest", ContentDigest.Create("other"u8)) },
            "x-member-id" => message with { Headers = message.Headers.Clone().Set("X-Member-Id", "KH/GOV/MOH/PMRS-120101") },
            _ => message with { Headers = message.Headers.Clone().Remove("X-Member-Id") },
        };

        var verdict = await _exchange.VerifyAsync(tampered);

        Assert.Equal(SignatureRefusal.SignatureInvalid, verdict.Refusal);
        Assert.Equal("signature-invalid", verdict.ReasonCode);
    }

    [Fact]
    public async Task Verify_BodyChangedAfterSigning_IsDigestMismatch()
    {
        var message = _exchange.SignedClaimRequest();

        var verdict = await _exchange.VerifyAsync(message with { Content = Encoding.UTF8.GetBytes("""{"resourceType":"Claim","status":"cancelled"}""") });

        Assert.Equal("digest-mismatch", verdict.ReasonCode);
    }

    [Fact]
    public async Task Verify_BodyChangedButDigestNotChecked_IsValid()
    {
        var message = _exchange.SignedClaimRequest();

        var verdict = await _exchange.VerifyAsync(
            message with { Content = "tampered"u8.ToArray() },
            SignedExchange.GatewayPolicy with { VerifyContentDigest = false });

        Assert.True(verdict.IsValid, verdict.ToString());
    }

    [Fact]
    public async Task Verify_UnsignedRequest_IsSignatureMissing()
    {
        var verdict = await _exchange.VerifyAsync(SignedExchange.UnsignedClaimRequest());

        Assert.Equal("signature-missing", verdict.ReasonCode);
    }

    [Fact]
    public async Task Verify_SignatureFieldWithoutTheLabel_IsSignatureMissing()
    {
        var message = _exchange.SignedClaimRequest();
        message.Headers.Set("Signature", "other=:AAAA:");

        var verdict = await _exchange.VerifyAsync(message);

        Assert.Equal("signature-missing", verdict.ReasonCode);
    }

    [Theory]
    [InlineData("sig1=(\"@method\"", "unclosed inner list")]
    [InlineData("sig1=:AAAA:", "not an inner list")]
    [InlineData("sig1=(\"@method\");created=\"yesterday\"", "created is not an integer")]
    [InlineData("sig1=(\"Content-Type\")", "field names must be lowercase")]
    public async Task Verify_MalformedSignatureInput_IsSignatureInvalidAndNamesThePosition(string signatureInput, string why)
    {
        var message = _exchange.SignedClaimRequest();
        message.Headers.Set("Signature-Input", signatureInput);

        var verdict = await _exchange.VerifyAsync(message);

        Assert.True(verdict.ReasonCode == "signature-invalid", why);
        Assert.Contains("position", verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_OlderThanMaxAge_IsSignatureExpired()
    {
        var message = _exchange.SignedClaimRequest(s => s with { ExpiresAfter = null });
        _exchange.Clock.Advance(TimeSpan.FromMinutes(6));

        var verdict = await _exchange.VerifyAsync(message);

        Assert.Equal("signature-expired", verdict.ReasonCode);
    }

    [Fact]
    public async Task Verify_PastExpires_IsSignatureExpired()
    {
        var message = _exchange.SignedClaimRequest(s => s with { ExpiresAfter = TimeSpan.FromMinutes(1) });
        _exchange.Clock.Advance(TimeSpan.FromMinutes(2));

        var verdict = await _exchange.VerifyAsync(message);

        Assert.Equal("signature-expired", verdict.ReasonCode);
    }

    [Fact]
    public async Task Verify_ExpiresMoreThanFiveMinutesAfterCreated_IsNotAllowed()
    {
        var message = _exchange.SignedClaimRequest(s => s with { ExpiresAfter = TimeSpan.FromMinutes(10) });

        var verdict = await _exchange.VerifyAsync(message);

        Assert.Equal("not-allowed", verdict.ReasonCode);
    }

    [Fact]
    public async Task Verify_CreatedInTheFutureBeyondSkew_IsSignatureExpired()
    {
        var message = _exchange.SignedClaimRequest();
        _exchange.Clock.Advance(TimeSpan.FromMinutes(-2));

        var verdict = await _exchange.VerifyAsync(message);

        Assert.Equal("signature-expired", verdict.ReasonCode);
        Assert.Contains("future", verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_CreatedInTheFutureWithinSkew_IsValid()
    {
        var message = _exchange.SignedClaimRequest();
        _exchange.Clock.Advance(TimeSpan.FromSeconds(-20));

        var verdict = await _exchange.VerifyAsync(message);

        Assert.True(verdict.IsValid, verdict.ToString());
    }

    [Fact]
    public async Task Verify_SameRequestTwice_SecondIsReplayed()
    {
        var message = _exchange.SignedClaimRequest();

        var first = await _exchange.VerifyAsync(message);
        var second = await _exchange.VerifyAsync(message);

        Assert.True(first.IsValid, first.ToString());
        Assert.Equal("replayed", second.ReasonCode);
    }

    [Fact]
    public async Task Verify_ForgedSignatureWithAReplayedNonce_IsSignatureInvalidAndDoesNotSpendTheNonce()
    {
        var message = _exchange.SignedClaimRequest();
        var forged = message with { Path = "/fhir/Patient" };

        var forgedVerdict = await _exchange.VerifyAsync(forged);
        var genuineVerdict = await _exchange.VerifyAsync(message);

        Assert.Equal("signature-invalid", forgedVerdict.ReasonCode);
        Assert.True(genuineVerdict.IsValid, genuineVerdict.ToString());
    }

    [Fact]
    public async Task Verify_UnknownKeyId_IsUnknownKey()
    {
        var message = _exchange.SignedClaimRequest();
        _exchange.Keys.Clear();

        var verdict = await _exchange.VerifyAsync(message);

        Assert.Equal("unknown-key", verdict.ReasonCode);
    }

    [Fact]
    public async Task Verify_RevokedKey_IsRevokedKey()
    {
        var message = _exchange.SignedClaimRequest();
        _exchange.Keys[0] = _exchange.Keys[0] with { IsRevoked = true };

        var verdict = await _exchange.VerifyAsync(message);

        Assert.Equal("revoked-key", verdict.ReasonCode);
    }

    [Fact]
    public async Task Verify_KeyPastItsValidity_IsRevokedKey()
    {
        var message = _exchange.SignedClaimRequest();
        _exchange.Keys[0] = _exchange.Keys[0] with { NotAfter = _exchange.Clock.Now.AddDays(-1) };

        var verdict = await _exchange.VerifyAsync(message);

        Assert.Equal("revoked-key", verdict.ReasonCode);
    }

    [Fact]
    public async Task Verify_SignedWithAnotherAlgorithmThanTheKeyIsRegisteredFor_IsNotAllowed()
    {
        var message = _exchange.SignedClaimRequest();
        using var rsa = RSA.Create(2048);
        _exchange.Keys[0] = new ResolvedKey(SignatureKey.RsaPssSha512(SignedExchange.KeyId, rsa));

        var verdict = await _exchange.VerifyAsync(message);

        Assert.Equal("not-allowed", verdict.ReasonCode);
    }

    [Fact]
    public async Task Verify_AlgorithmOutsideThePolicy_IsNotAllowed()
    {
        using var hmac = SignatureKey.HmacSha256(SignedExchange.KeyId, RandomNumberGenerator.GetBytes(32));
        _exchange.Keys[0] = new ResolvedKey(hmac);
        var message = _exchange.SignedClaimRequest(s => s with { Key = hmac });

        var verdict = await _exchange.VerifyAsync(message);

        Assert.Equal("not-allowed", verdict.ReasonCode);
        Assert.Contains("hmac-sha256", verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_SignedByAnotherKeyUnderTheSameKeyId_IsSignatureInvalid()
    {
        using var impostor = SignatureKey.EcdsaP256Sha256(SignedExchange.KeyId, ECDsa.Create(ECCurve.NamedCurves.nistP256));
        var message = _exchange.SignedClaimRequest(s => s with { Key = impostor });

        var verdict = await _exchange.VerifyAsync(message);

        Assert.Equal("signature-invalid", verdict.ReasonCode);
    }

    [Fact]
    public async Task Verify_MemberHeaderNotCovered_IsNotAllowed()
    {
        var message = _exchange.SignedClaimRequest(s => s with { Components = [.. s.Components.Where(c => c.Name != "x-member-id")] });

        var verdict = await _exchange.VerifyAsync(message);

        Assert.Equal("not-allowed", verdict.ReasonCode);
        Assert.Contains("x-member-id", verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_WrongTag_IsNotAllowed()
    {
        var message = _exchange.SignedClaimRequest(s => s with { Tag = "other-profile" });

        var verdict = await _exchange.VerifyAsync(message);

        Assert.Equal("not-allowed", verdict.ReasonCode);
    }

    [Fact]
    public async Task Verify_NoNonce_IsNotAllowed()
    {
        var message = _exchange.SignedClaimRequest(s => s with { IncludeNonce = false });

        var verdict = await _exchange.VerifyAsync(message);

        Assert.Equal("not-allowed", verdict.ReasonCode);
    }

    [Fact]
    public async Task Verify_TwoSignatures_PicksTheOneWithTheRequiredTag()
    {
        var message = SignedExchange.UnsignedClaimRequest();
        using var proxyKey = SignatureKey.EcdsaP256Sha256("proxy", ECDsa.Create(ECCurve.NamedCurves.nistP256));
        _exchange.Signer.Sign(message, _exchange.Specification(s => s with { Key = proxyKey, Label = "proxy", Tag = "other" })).ApplyTo(message.Headers);
        _exchange.Signer.Sign(message, _exchange.Specification(s => s with { Label = "member" })).ApplyTo(message.Headers);

        var verdict = await _exchange.VerifyAsync(message);

        Assert.True(verdict.IsValid, verdict.ToString());
        Assert.Equal("member", verdict.Label);
    }

    [Fact]
    public void Sign_CoveredFieldAbsent_ReturnsAnErrorNamingIt()
    {
        var message = SignedExchange.UnsignedClaimRequest();
        message.Headers.Remove("X-Member-Id");

        var signed = _exchange.Signer.Sign(message, _exchange.Specification());

        Assert.False(signed.IsSuccess);
        Assert.Contains("x-member-id", signed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ResponseBindingTheRequestSignature_IsValid()
    {
        var (request, response) = SignedResponse();

        var verdict = await _exchange.VerifyAsync(response, ResponsePolicy);

        Assert.True(verdict.IsValid, verdict.ToString());
        Assert.Equal("sig1", verdict.Label);
        Assert.NotNull(request.Headers.GetCombined("signature"));
    }

    [Fact]
    public async Task Verify_ResponseReplayedForAnotherRequest_IsSignatureInvalid()
    {
        var (_, response) = SignedResponse();
        var otherRequest = _exchange.SignedClaimRequest();

        var verdict = await _exchange.VerifyAsync(response with { RelatedRequest = otherRequest }, ResponsePolicy);

        Assert.Equal("signature-invalid", verdict.ReasonCode);
    }

    [Fact]
    public async Task Verify_ResponseWithoutItsRequest_IsSignatureInvalid()
    {
        var (_, response) = SignedResponse();

        var verdict = await _exchange.VerifyAsync(response with { RelatedRequest = null }, ResponsePolicy);

        Assert.Equal("signature-invalid", verdict.ReasonCode);
        Assert.Contains("related request", verdict.Detail, StringComparison.Ordinal);
    }

    private static VerificationPolicy ResponsePolicy => new()
    {
        RequiredComponents = [ComponentIdentifier.Status, ComponentIdentifier.Field("signature").WithKey("sig1").FromRequest()],
        RequiredTag = SignedExchange.Tag,
    };

    private (HttpMessage Request, HttpMessage Response) SignedResponse()
    {
        var request = _exchange.SignedClaimRequest();
        var body = Encoding.UTF8.GetBytes("""{"resourceType":"ClaimResponse","outcome":"complete"}""");
        var headers = new HttpFields()
            .Add("Content-Type", "application/fhir+json")
            .Add("Content-Digest", ContentDigest.Create(body));
        var response = HttpMessage.Response(200, headers, request, body);
        var signed = _exchange.Signer.Sign(response, _exchange.Specification(s => s with
        {
            Components =
            [
                ComponentIdentifier.Status,
                ComponentIdentifier.Field("content-type"),
                ComponentIdentifier.Field("content-digest"),
                ComponentIdentifier.Method.FromRequest(),
                ComponentIdentifier.Path.FromRequest(),
                ComponentIdentifier.Field("signature").WithKey("sig1").FromRequest(),
            ],
        }));
        Assert.True(signed.IsSuccess, signed.Error);
        Assert.Contains("\"signature\";key=\"sig1\";req: :", signed.SignatureBase, StringComparison.Ordinal);
        signed.ApplyTo(response.Headers);
        return (request, response);
    }
}
