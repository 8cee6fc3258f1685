using System.Text.Json;
using Interop.Signatures.Keys;
using Interop.Signatures.Messages;

namespace Interop.Signatures.Tests.Rfc9421;

/// <summary>The RFC 9421 examples (vectors.json) and the Appendix B.1 test keys.</summary>
internal static class Rfc9421Vectors
{
    private static readonly Lazy<JsonElement> Document = new(() =>
    {
        using var document = JsonDocument.Parse(File.ReadAllText(TestVectorFiles.PathOf("rfc9421", "vectors.json")));
        return document.RootElement.Clone();
    });

    public static IEnumerable<JsonElement> All => Document.Value.GetProperty("vectors").EnumerateArray();

    public static JsonElement Get(string id) => All.Single(v => v.GetProperty("id").GetString() == id);

    public static TheoryData<string> Ids(Func<JsonElement, bool> filter)
    {
        var data = new TheoryData<string>();
        foreach (var vector in All.Where(filter))
        {
            data.Add(vector.GetProperty("id").GetString()!);
        }

        return data;
    }

    public static bool IsEd25519(JsonElement vector) => vector.GetProperty("algorithm").GetString() == SignatureAlgorithms.Ed25519;

    public static string? Text(JsonElement vector, string name) =>
        vector.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The message a signature applies to, with its related request for ;req components.</summary>
    public static HttpMessage TargetMessage(JsonElement vector)
    {
        var related = Text(vector, "related_request_message_file") is { } requestFile ? HttpMessageFile.Read(requestFile) : null;
        return HttpMessageFile.Read(Text(vector, "signed_message_file") ?? Text(vector, "target_message_file")!, related);
    }

    /// <summary>The RFC test key (private material, so it can also sign) for a key id, from its JWK.</summary>
    public static SignatureKey PrivateKey(string keyId)
    {
        if (keyId == "test-shared-secret")
        {
            var secret = File.ReadAllText(TestVectorFiles.PathOf("rfc9421", "keys", "test-shared-secret.txt")).Trim();
            return SignatureKey.HmacSha256(keyId, Convert.FromBase64String(secret));
        }

        var algorithm = keyId switch
        {
            "test-key-rsa" => SignatureAlgorithms.RsaV15Sha256,
            "test-key-rsa-pss" => SignatureAlgorithms.RsaPssSha512,
            "test-key-ecc-p256" => SignatureAlgorithms.EcdsaP256Sha256,
            _ => throw new ArgumentException("no usable key " + keyId, nameof(keyId)),
        };
        var jwk = SignatureKey.FromJwk(File.ReadAllText(TestVectorFiles.PathOf("rfc9421", "keys", keyId + ".jwk.json")), algorithm);
        Assert.True(jwk.IsSuccess, jwk.Error?.ToString());
        return jwk.Value;
    }

    /// <summary>The RFC test key from its public PEM, as a trust store would hold it.</summary>
    public static SignatureKey PublicKey(string keyId)
    {
        if (keyId == "test-shared-secret")
        {
            return PrivateKey(keyId);
        }

        var pem = File.ReadAllText(TestVectorFiles.PathOf("rfc9421", "keys", keyId + ".public.pem"));
        switch (keyId)
        {
            case "test-key-ecc-p256":
                var ecdsa = System.Security.Cryptography.ECDsa.Create();
                ecdsa.ImportFromPem(pem);
                return SignatureKey.EcdsaP256Sha256(keyId, ecdsa);
            case "test-key-rsa" or "test-key-rsa-pss":
                var rsa = System.Security.Cryptography.RSA.Create();
                rsa.ImportFromPem(pem);
                return keyId == "test-key-rsa" ? SignatureKey.RsaV15Sha256(keyId, rsa) : SignatureKey.RsaPssSha512(keyId, rsa);
            default:
                throw new ArgumentException("no usable key " + keyId, nameof(keyId));
        }
    }
}
