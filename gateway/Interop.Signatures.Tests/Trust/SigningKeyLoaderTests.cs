using System.Security.Cryptography;
using Interop.Signatures.Keys;
using Interop.Signatures.Trust;

namespace Interop.Signatures.Tests.Trust;

/// <summary>Private keys from a file or the environment, as a JWK or PKCS#8 PEM; every bad configuration says what is wrong.</summary>
public sealed class SigningKeyLoaderTests : IDisposable
{
    private static readonly GeneratedKeyPair Pair = JwksWriter.GenerateP256("pmrs-2026-01");
    private readonly string _root = Directory.CreateTempSubdirectory("signing-key-").FullName;
    private readonly string _variable = "INTEROP_TEST_KEY_" + Guid.NewGuid().ToString("N");

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_variable, null);
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public void Load_PrivateJwkFile_SignsWhatThePublicJwkVerifies()
    {
        File.WriteAllText(Path.Combine(_root, "pmrs.key.json"), Pair.PrivateJwk);

        using var key = SigningKeyLoader.Load(new SigningKeyOptions { KeyFile = "pmrs.key.json", KeyId = Pair.KeyId }, _root);

        AssertPairs(key, Pair.PublicJwks);
    }

    [Fact]
    public void Load_Pkcs8PemFromEnvironment_Signs()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Environment.SetEnvironmentVariable(_variable, ec.ExportPkcs8PrivateKeyPem());

        using var key = SigningKeyLoader.Load(new SigningKeyOptions { KeyEnvironmentVariable = _variable, KeyId = "pem-key" });

        Assert.Equal("pem-key", key.KeyId);
        AssertPairs(key, JwksWriter.PublicJwks(ec, "pem-key"));
    }

    public static TheoryData<string, string> BadCases => new()
    {
        { "no key id", "KeyId is not set" },
        { "no source", "exactly one of KeyFile and KeyEnvironmentVariable" },
        { "both sources", "exactly one of KeyFile and KeyEnvironmentVariable" },
        { "variable unset", "is not set" },
        { "file missing", "cannot read" },
        { "public jwk", "no private part (d)" },
        { "kid mismatch", "the JWK's kid is 'pmrs-2026-01'" },
        { "garbage", "neither a JWK nor a PEM private key" },
        { "public pem", "neither a JWK nor a PEM private key" },
        { "bad json", "not valid JSON" },
        { "hmac", "algorithm 'hmac-sha256' is not" },
        { "rsa pem for ecdsa", "not a ecdsa-p256-sha256 private key" },
    };

    [Theory]
    [MemberData(nameof(BadCases))]
    public void Load_BadConfiguration_ThrowsSayingWhy(string @case, string reason)
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var rsa = RSA.Create(2048);
        var file = Path.Combine(_root, "key");
        File.WriteAllText(file, @case switch
        {
            "public jwk" => System.Text.Json.Nodes.JsonNode.Parse(Pair.PublicJwks)!["keys"]![0]!.ToJsonString(),
            "garbage" => "not a key",
            "public pem" => ec.ExportSubjectPublicKeyInfoPem(),
            "bad json" => "{\"kty\":",
            "rsa pem for ecdsa" => rsa.ExportPkcs8PrivateKeyPem(),
            _ => Pair.PrivateJwk,
        });
        var options = @case switch
        {
            "no key id" => new SigningKeyOptions { KeyFile = file },
            "no source" => new SigningKeyOptions { KeyId = Pair.KeyId },
            "both sources" => new SigningKeyOptions { KeyId = Pair.KeyId, KeyFile = file, KeyEnvironmentVariable = _variable },
            "variable unset" => new SigningKeyOptions { KeyId = Pair.KeyId, KeyEnvironmentVariable = _variable },
            "file missing" => new SigningKeyOptions { KeyId = Pair.KeyId, KeyFile = file + ".missing" },
            "kid mismatch" => new SigningKeyOptions { KeyId = "other", KeyFile = file },
            "hmac" => new SigningKeyOptions { KeyId = Pair.KeyId, KeyFile = file, Algorithm = SignatureAlgorithms.HmacSha256 },
            _ => new SigningKeyOptions { KeyId = Pair.KeyId, KeyFile = file },
        };

        var e = Assert.Throws<SigningKeyException>(() => SigningKeyLoader.Load(options, _root));

        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GenerateP256_WritesPublicJwksWithoutDAndPrivateJwkWithD()
    {
        var pair = JwksWriter.GenerateP256("k1", DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));

        Assert.DoesNotContain("\"d\"", pair.PublicJwks, StringComparison.Ordinal);
        Assert.Contains("\"d\"", pair.PrivateJwk, StringComparison.Ordinal);
        Assert.Contains("\"nbf\": 1700000000", pair.PublicJwks, StringComparison.Ordinal);
        Assert.Contains("\"exp\": 1800000000", pair.PublicJwks, StringComparison.Ordinal);
        var store = TrustStore.Load(TrustFixtures.Options((TrustFixtures.Pmrs, TrustFixtures.Inline(pair.PublicJwks))));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000), store.Find("k1")?.NotAfter);
    }

    private static void AssertPairs(SignatureKey privateKey, string publicJwks)
    {
        var store = TrustStore.Load(TrustFixtures.Options((TrustFixtures.Pmrs, TrustFixtures.Inline(publicJwks))));
        var data = "signature base"u8.ToArray();
        Assert.True(store.Find(privateKey.KeyId)!.Key.Verify(data, privateKey.Sign(data)));
        Assert.False(store.Find(privateKey.KeyId)!.Key.Verify("other"u8, privateKey.Sign(data)));
    }
}
