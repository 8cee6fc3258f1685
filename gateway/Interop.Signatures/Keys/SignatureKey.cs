using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;

namespace Interop.Signatures.Keys;

/// <summary>
/// A key bound to one algorithm and one key id, able to sign (with private material) and verify.
/// Create one with the factory methods or from a JWK; the instance owns the key it wraps.
/// </summary>
public abstract class SignatureKey : IDisposable
{
    private protected SignatureKey(string keyId, string algorithm)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        KeyId = keyId;
        Algorithm = algorithm;
    }

    /// <summary>The key id, sent as the <c>keyid</c> signature parameter.</summary>
    public string KeyId { get; }

    /// <summary>The one algorithm this key is used with (RFC 9421 §3.3.7: a key is not used with several).</summary>
    public string Algorithm { get; }

    /// <summary>An ECDSA P-256 / SHA-256 key (<c>ecdsa-p256-sha256</c>).</summary>
    /// <exception cref="ArgumentException">The key is not on P-256.</exception>
    public static SignatureKey EcdsaP256Sha256(string keyId, ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.KeySize != 256)
        {
            throw new ArgumentException("ecdsa-p256-sha256 needs a P-256 key", nameof(key));
        }

        return new EcdsaSignatureKey(keyId, key);
    }

    /// <summary>An RSA-PSS / SHA-512 key (<c>rsa-pss-sha512</c>).</summary>
    public static SignatureKey RsaPssSha512(string keyId, RSA key) =>
        new RsaSignatureKey(keyId, SignatureAlgorithms.RsaPssSha512, key, HashAlgorithmName.SHA512, RSASignaturePadding.Pss);

    /// <summary>An RSASSA-PKCS1-v1_5 / SHA-256 key (<c>rsa-v1_5-sha256</c>).</summary>
    public static SignatureKey RsaV15Sha256(string keyId, RSA key) =>
        new RsaSignatureKey(keyId, SignatureAlgorithms.RsaV15Sha256, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    /// <summary>An HMAC-SHA256 shared secret (<c>hmac-sha256</c>); the bytes are copied.</summary>
    public static SignatureKey HmacSha256(string keyId, ReadOnlySpan<byte> secret) => new HmacSignatureKey(keyId, secret.ToArray());

    /// <summary>
    /// Reads a JSON Web Key (RFC 7517): <c>EC</c> P-256, <c>RSA</c> or <c>oct</c>. The key id is the
    /// JWK's <c>kid</c> unless one is given. The algorithm is the one given, else the JWK's
    /// <c>alg</c> (ES256, PS512, RS256, HS256), else ecdsa-p256-sha256 for an EC P-256 key.
    /// </summary>
    public static ParseResult<SignatureKey> FromJwk(string json, string? algorithm = null, string? keyId = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            return FromJwk(document.RootElement, algorithm, keyId);
        }
        catch (JsonException e)
        {
            // JsonDocument reports invalid JSON only by throwing.
            return ParseResult.Failure<SignatureKey>((int)(e.BytePositionInLine ?? 0), "the JWK is not valid JSON: " + e.Message);
        }
    }

    /// <summary>Signs the signature base.</summary>
    /// <exception cref="CryptographicException">The key has no private part.</exception>
    public abstract byte[] Sign(ReadOnlySpan<byte> signatureBase);

    /// <summary>Verifies a signature over the signature base; false for any malformed signature.</summary>
    public abstract bool Verify(ReadOnlySpan<byte> signatureBase, ReadOnlySpan<byte> signature);

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the wrapped key.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }

    private static ParseResult<SignatureKey> FromJwk(JsonElement jwk, string? algorithm, string? keyId)
    {
        if (jwk.ValueKind != JsonValueKind.Object)
        {
            return ParseResult.Failure<SignatureKey>(0, "a JWK is a JSON object");
        }

        keyId ??= Text(jwk, "kid");
        if (string.IsNullOrEmpty(keyId))
        {
            return ParseResult.Failure<SignatureKey>(0, "the JWK has no kid, and none was given");
        }

        algorithm ??= Text(jwk, "alg") switch
        {
            "ES256" => SignatureAlgorithms.EcdsaP256Sha256,
            "PS512" => SignatureAlgorithms.RsaPssSha512,
            "RS256" => SignatureAlgorithms.RsaV15Sha256,
            "HS256" => SignatureAlgorithms.HmacSha256,
            null when Text(jwk, "kty") == "EC" => SignatureAlgorithms.EcdsaP256Sha256,
            var other => other,
        };

        try
        {
            return (Text(jwk, "kty"), algorithm) switch
            {
                ("EC", SignatureAlgorithms.EcdsaP256Sha256) => Ec(jwk, keyId),
                ("RSA", SignatureAlgorithms.RsaPssSha512 or SignatureAlgorithms.RsaV15Sha256) => Rsa(jwk, keyId, algorithm),
                ("oct", SignatureAlgorithms.HmacSha256) => Bytes(jwk, "k") is { Length: > 0 } k
                    ? ParseResult.Success<SignatureKey>(HmacSha256(keyId, k))
                    : ParseResult.Failure<SignatureKey>(0, "the oct JWK has no k"),
                (var kty, var alg) => ParseResult.Failure<SignatureKey>(0, $"unsupported key: kty '{kty}' with algorithm '{alg ?? "(none)"}'"),
            };
        }
        catch (CryptographicException e)
        {
            // Key import reports inconsistent parameters only by throwing.
            return ParseResult.Failure<SignatureKey>(0, "the JWK parameters do not form a valid key: " + e.Message);
        }
        catch (FormatException e)
        {
            return ParseResult.Failure<SignatureKey>(0, "a JWK member is not base64url: " + e.Message);
        }
    }

    private static ParseResult<SignatureKey> Ec(JsonElement jwk, string keyId)
    {
        if (Text(jwk, "crv") != "P-256")
        {
            return ParseResult.Failure<SignatureKey>(0, "only EC keys on P-256 are supported");
        }

        var parameters = new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Bytes(jwk, "x"), Y = Bytes(jwk, "y") },
            D = Bytes(jwk, "d"),
        };
        return ParseResult.Success<SignatureKey>(new EcdsaSignatureKey(keyId, ECDsa.Create(parameters)));
    }

    private static ParseResult<SignatureKey> Rsa(JsonElement jwk, string keyId, string algorithm)
    {
        var parameters = new RSAParameters
        {
            Modulus = Bytes(jwk, "n"),
            Exponent = Bytes(jwk, "e"),
            D = Bytes(jwk, "d"),
            P = Bytes(jwk, "p"),
            Q = Bytes(jwk, "q"),
            DP = Bytes(jwk, "dp"),
            DQ = Bytes(jwk, "dq"),
            InverseQ = Bytes(jwk, "qi"),
        };
        var rsa = RSA.Create(parameters);
        return ParseResult.Success(algorithm == SignatureAlgorithms.RsaPssSha512 ? RsaPssSha512(keyId, rsa) : RsaV15Sha256(keyId, rsa));
    }

    private static string? Text(JsonElement jwk, string name) =>
        jwk.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static byte[]? Bytes(JsonElement jwk, string name) =>
        Text(jwk, name) is { } text ? Base64Url.DecodeFromChars(text) : null;
}
