using System.Security.Cryptography;
using System.Text;
using Interop.Signatures.Keys;
using Interop.Signatures.Signing;
using Interop.Signatures.Verification;

namespace Interop.Signatures.Tests.Rfc9421;

/// <summary>Every signature example of RFC 9421 (Appendix B.2, B.3, B.4 and §2.4, §3.1, §4.3).</summary>
public sealed class Rfc9421VectorTests
{
    private const string NoEd25519 = ".NET 10 has no native Ed25519 (System.Security.Cryptography offers it only inside composite ML-DSA); the signature base of these vectors is still checked byte for byte.";

    public static TheoryData<string> AllVectors => Rfc9421Vectors.Ids(_ => true);

    public static TheoryData<string> VectorsWithPrintedBase => Rfc9421Vectors.Ids(v => Rfc9421Vectors.Text(v, "signature_base") is not null);

    public static TheoryData<string> VerifiableVectors => Rfc9421Vectors.Ids(v => !Rfc9421Vectors.IsEd25519(v));

    public static TheoryData<string> Ed25519Vectors => Rfc9421Vectors.Ids(Rfc9421Vectors.IsEd25519);

    public static TheoryData<string> DeterministicVectors =>
        Rfc9421Vectors.Ids(v => v.GetProperty("deterministic").GetBoolean() && !Rfc9421Vectors.IsEd25519(v));

    public static TheoryData<string> SignedMessageVectors =>
        Rfc9421Vectors.Ids(v => Rfc9421Vectors.Text(v, "signed_message_file") is not null && !Rfc9421Vectors.IsEd25519(v));

    [Theory]
    [MemberData(nameof(VectorsWithPrintedBase))]
    public void SignatureBase_RfcExample_EqualsThePrintedBaseByteForByte(string id)
    {
        var vector = Rfc9421Vectors.Get(id);

        var signatureBase = BuildBase(vector);

        Assert.Equal(Rfc9421Vectors.Text(vector, "signature_base"), signatureBase);
        Assert.Equal(vector.GetProperty("signature_base_bytes").GetInt32(), Encoding.ASCII.GetByteCount(signatureBase));
        Assert.Equal(Rfc9421Vectors.Text(vector, "signature_base_sha256"), Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(signatureBase))));
    }

    [Theory]
    [MemberData(nameof(AllVectors))]
    public void SignatureFields_RfcExample_ParseAndSerializeBackUnchanged(string id)
    {
        var vector = Rfc9421Vectors.Get(id);
        var signature = Parse(vector);

        Assert.Equal(Rfc9421Vectors.Text(vector, "signature_params"), signature.Parameters.Serialize());
        Assert.Equal(Rfc9421Vectors.Text(vector, "signature_input"), SignatureFields.FormatSignatureInput(signature.Label, signature.Parameters));
        Assert.Equal(Rfc9421Vectors.Text(vector, "signature"), SignatureFields.FormatSignature(signature.Label, signature.Value!.Value.Span));
        Assert.Equal(Rfc9421Vectors.Text(vector, "keyid"), signature.Parameters.KeyId);
    }

    [Theory]
    [MemberData(nameof(VerifiableVectors))]
    public void Verify_RfcSignature_VerifiesWithTheRfcKeyFromJwkAndFromPublicPem(string id)
    {
        var vector = Rfc9421Vectors.Get(id);
        var signature = Parse(vector);
        var signatureBase = Encoding.ASCII.GetBytes(BuildBase(vector));
        using var jwkKey = Rfc9421Vectors.PrivateKey(vector.GetProperty("key").GetString()!);
        using var pemKey = Rfc9421Vectors.PublicKey(vector.GetProperty("key").GetString()!);

        Assert.Equal(vector.GetProperty("algorithm").GetString(), jwkKey.Algorithm);
        Assert.True(jwkKey.Verify(signatureBase, signature.Value!.Value.Span));
        Assert.True(pemKey.Verify(signatureBase, signature.Value!.Value.Span));
    }

    [Theory]
    [MemberData(nameof(VerifiableVectors))]
    public void Verify_RfcSignatureOverAlteredBase_Fails(string id)
    {
        var vector = Rfc9421Vectors.Get(id);
        var signature = Parse(vector);
        var signatureBase = Encoding.ASCII.GetBytes(BuildBase(vector) + " ");
        using var key = Rfc9421Vectors.PublicKey(vector.GetProperty("key").GetString()!);

        Assert.False(key.Verify(signatureBase, signature.Value!.Value.Span));
    }

    [Theory]
    [MemberData(nameof(VerifiableVectors))]
    public void Sign_RfcParameters_OurSignatureVerifies(string id)
    {
        var vector = Rfc9421Vectors.Get(id);
        var signature = Parse(vector);
        using var key = Rfc9421Vectors.PrivateKey(vector.GetProperty("key").GetString()!);

        var signed = HttpMessageSigner.Sign(Rfc9421Vectors.TargetMessage(vector), signature.Label, signature.Parameters, key);

        Assert.True(signed.IsSuccess, signed.Error);
        Assert.Equal(Rfc9421Vectors.Text(vector, "signature_input"), signed.SignatureInput);
        var ours = SignatureFields.Parse(signed.SignatureInput, signed.Signature).Value!.Single();
        Assert.True(key.Verify(Encoding.ASCII.GetBytes(signed.SignatureBase), ours.Value!.Value.Span));
    }

    [Theory]
    [MemberData(nameof(DeterministicVectors))]
    public void Sign_DeterministicAlgorithm_ReproducesTheRfcSignatureExactly(string id)
    {
        var vector = Rfc9421Vectors.Get(id);
        var signature = Parse(vector);
        using var key = Rfc9421Vectors.PrivateKey(vector.GetProperty("key").GetString()!);

        var signed = HttpMessageSigner.Sign(Rfc9421Vectors.TargetMessage(vector), signature.Label, signature.Parameters, key);

        Assert.Equal(Rfc9421Vectors.Text(vector, "signature"), signed.Signature);
    }

    [Theory]
    [MemberData(nameof(DeterministicVectors))]
    public void HttpMessageSigner_RfcClockAndKey_ProducesTheRfcFieldsExactly(string id)
    {
        var vector = Rfc9421Vectors.Get(id);
        var signature = Parse(vector);
        var parameters = signature.Parameters;
        using var key = Rfc9421Vectors.PrivateKey(vector.GetProperty("key").GetString()!);
        var signer = new HttpMessageSigner(new FixedTimeProvider(parameters.Created!.Value));

        var signed = signer.Sign(Rfc9421Vectors.TargetMessage(vector), new SignatureSpecification
        {
            Key = key,
            Label = signature.Label,
            Components = parameters.Components,
            IncludeAlgorithm = parameters.Algorithm is not null,
            IncludeNonce = false,
            ExpiresAfter = parameters.Expires - parameters.Created,
            Tag = parameters.Tag,
        });

        Assert.Equal(Rfc9421Vectors.Text(vector, "signature_input"), signed.SignatureInput);
        Assert.Equal(Rfc9421Vectors.Text(vector, "signature"), signed.Signature);
    }

    [Theory]
    [MemberData(nameof(SignedMessageVectors))]
    public async Task HttpMessageVerifier_RfcSignedMessage_IsValidAtTheRfcTime(string id)
    {
        var vector = Rfc9421Vectors.Get(id);
        var signature = Parse(vector);
        var message = Rfc9421Vectors.TargetMessage(vector);
        using var key = Rfc9421Vectors.PublicKey(vector.GetProperty("key").GetString()!);
        var clock = new FixedTimeProvider(signature.Parameters.Created!.Value);
        var verifier = new HttpMessageVerifier(new StaticKeyResolver([new ResolvedKey(key)]), new InMemoryNonceStore(clock), clock);

        // B.3 carries content without Content-Digest; the RFC example does not protect the body.
        var policy = RfcPolicy(signature.Label) with { VerifyContentDigest = message.Headers.Contains("content-digest") };

        var verdict = await verifier.VerifyAsync(message, policy);

        Assert.True(verdict.IsValid, verdict.ToString());
        Assert.Equal(signature.Label, verdict.Label);
        Assert.Equal(key.KeyId, verdict.KeyId);
    }

    [Theory(Skip = NoEd25519)]
    [MemberData(nameof(Ed25519Vectors))]
    public void Verify_Ed25519RfcSignature_Verifies(string id) => Assert.Fail($"{id}: {NoEd25519}");

    [Theory]
    [InlineData("appB.4-variant-1-query-and-accept-language-added", true)]
    [InlineData("appB.4-variant-2-date-removed-referer-added-accept-combined", true)]
    [InlineData("appB.4-variant-3-fields-reordered", true)]
    [InlineData("appB.4-variant-4-method-and-authority-changed", false)]
    [InlineData("appB.4-variant-5-accept-lines-swapped", false)]
    public void SignatureBase_AppendixB4Variant_IsUnchangedExactlyWhenTheRfcSaysTheSignatureStillVerifies(string messageName, bool rfcSaysValid)
    {
        var vector = Rfc9421Vectors.Get("B.4");
        Assert.Contains(vector.GetProperty("variants").EnumerateArray(), v =>
            v.GetProperty("message").GetString() == messageName && v.GetProperty("rfc_says_valid").GetBoolean() == rfcSaysValid);
        var variant = HttpMessageFile.Read($"messages/{messageName}.http");
        var signature = SignatureFields.Read(variant.Headers).Value!.Single();

        var variantBase = SignatureBase.Create(variant, signature.Parameters);

        Assert.True(variantBase.IsSuccess, variantBase.Error);
        Assert.Equal(rfcSaysValid, Rfc9421Vectors.Text(vector, "signature_base") == variantBase.Value);
    }

    [Fact]
    public void MessageFiles_AsCheckedOut_KeepTheirBytes()
    {
        // Guards against CRLF conversion by version control (see TestVectors/.gitattributes).
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(TestVectorFiles.PathOf("rfc9421", "vectors.json")));
        foreach (var message in document.RootElement.GetProperty("messages").EnumerateObject())
        {
            var bytes = File.ReadAllBytes(TestVectorFiles.PathOf("rfc9421", message.Value.GetProperty("file").GetString()!));
            Assert.Equal(message.Value.GetProperty("file_sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }
    }

    [Fact]
    public void Vectors_AllFourteenExamples_AreLoaded() => Assert.Equal(14, AllVectors.Count);

    [Fact]
    public void SignatureKey_Ed25519Jwk_IsRefusedWithAReason()
    {
        var jwk = SignatureKey.FromJwk(File.ReadAllText(TestVectorFiles.PathOf("rfc9421", "keys", "test-key-ed25519.jwk.json")));

        Assert.False(jwk.IsSuccess);
        Assert.Contains("OKP", jwk.Error.Reason, StringComparison.Ordinal);
    }

    internal static VerificationPolicy RfcPolicy(string label) => new()
    {
        Label = label,
        RequireNonce = false,
        AllowedAlgorithms = [SignatureAlgorithms.EcdsaP256Sha256, SignatureAlgorithms.RsaPssSha512, SignatureAlgorithms.RsaV15Sha256, SignatureAlgorithms.HmacSha256],
    };

    private static MessageSignature Parse(System.Text.Json.JsonElement vector)
    {
        var parsed = SignatureFields.Parse(Rfc9421Vectors.Text(vector, "signature_input"), Rfc9421Vectors.Text(vector, "signature"));
        Assert.True(parsed.IsSuccess, parsed.Error?.ToString());
        var signature = Assert.Single(parsed.Value);
        Assert.Equal(vector.GetProperty("label").GetString(), signature.Label);
        return signature;
    }

    private static string BuildBase(System.Text.Json.JsonElement vector)
    {
        var signatureBase = SignatureBase.Create(Rfc9421Vectors.TargetMessage(vector), Parse(vector).Parameters);
        Assert.True(signatureBase.IsSuccess, signatureBase.Error);
        return signatureBase.Value;
    }
}
