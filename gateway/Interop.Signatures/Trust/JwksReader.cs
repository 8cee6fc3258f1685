using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Interop.Signatures.Keys;
using Interop.Signatures.Verification;
using Microsoft.IdentityModel.Tokens;

namespace Interop.Signatures.Trust;

/// <summary>Reads one member's JWKS (with Microsoft.IdentityModel.Tokens) into verification keys, refusing anything the profile does not allow.</summary>
internal static class JwksReader
{
    public static List<ResolvedKey> Read(string memberId, string jwksJson, IReadOnlySet<string> revoked)
    {
        JsonWebKeySet set;
        try
        {
            set = new JsonWebKeySet(jwksJson);
        }
        catch (ArgumentException e)
        {
            throw new TrustStoreException(memberId, null, "the JWKS is not valid JSON: " + e.Message, e);
        }

        if (set.Keys.Count == 0)
        {
            throw new TrustStoreException(memberId, null, "the JWKS has no keys");
        }

        var keys = new List<ResolvedKey>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var jwk in set.Keys)
        {
            var kid = jwk.Kid;
            if (string.IsNullOrWhiteSpace(kid))
            {
                throw new TrustStoreException(memberId, null, "a key has no kid");
            }

            if (!seen.Add(kid))
            {
                throw new TrustStoreException(memberId, kid, "duplicate kid within the member's JWKS");
            }

            keys.Add(new ResolvedKey(CreateKey(memberId, jwk))
            {
                Owner = memberId,
                NotBefore = NumericDate(memberId, jwk, "nbf"),
                NotAfter = NumericDate(memberId, jwk, "exp"),
                IsRevoked = revoked.Contains(kid),
            });
        }

        return keys;
    }

    private static SignatureKey CreateKey(string memberId, JsonWebKey jwk)
    {
        var kid = jwk.Kid;
        if (jwk.HasPrivateKey || !string.IsNullOrEmpty(jwk.D) || !string.IsNullOrEmpty(jwk.K) || !string.IsNullOrEmpty(jwk.P))
        {
            throw new TrustStoreException(memberId, kid, "private key material present (d, p or k): a trust store holds public keys only");
        }

        if (!string.IsNullOrEmpty(jwk.Use) && jwk.Use != "sig")
        {
            throw new TrustStoreException(memberId, kid, $"use '{jwk.Use}' is not 'sig'");
        }

        try
        {
            return (jwk.Kty, jwk.Crv, jwk.Alg) switch
            {
                ("EC", "P-256", null or "" or "ES256") => SignatureKey.EcdsaP256Sha256(kid, ECDsa.Create(new ECParameters
                {
                    Curve = ECCurve.NamedCurves.nistP256,
                    Q = new ECPoint { X = Coordinate(memberId, kid, jwk.X, "x"), Y = Coordinate(memberId, kid, jwk.Y, "y") },
                })),
                ("EC", "P-256", var alg) => throw new TrustStoreException(memberId, kid, $"alg '{alg}' is not ES256"),
                ("EC", var crv, _) => throw new TrustStoreException(memberId, kid, $"unsupported crv '{crv}': only P-256"),
                ("RSA", _, "PS512") => SignatureKey.RsaPssSha512(kid, RSA.Create(new RSAParameters
                {
                    Modulus = Required(memberId, kid, jwk.N, "n"),
                    Exponent = Required(memberId, kid, jwk.E, "e"),
                })),
                ("RSA", _, var alg) => throw new TrustStoreException(memberId, kid, $"RSA keys need alg PS512 (rsa-pss-sha512), not '{alg}'"),
                (var kty, _, _) => throw new TrustStoreException(memberId, kid, $"unsupported kty '{kty}': only EC (P-256) and RSA (PS512)"),
            };
        }
        catch (CryptographicException e)
        {
            throw new TrustStoreException(memberId, kid, "the key parameters do not form a valid public key: " + e.Message, e);
        }
    }

    private static byte[] Coordinate(string memberId, string kid, string? value, string name)
    {
        var bytes = Required(memberId, kid, value, name);
        return bytes.Length == 32 ? bytes : throw new TrustStoreException(memberId, kid, $"'{name}' is {bytes.Length} bytes, a P-256 coordinate is 32");
    }

    private static byte[] Required(string memberId, string kid, string? value, string name)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new TrustStoreException(memberId, kid, $"'{name}' is missing");
        }

        try
        {
            return Base64Url.DecodeFromChars(value);
        }
        catch (FormatException e)
        {
            throw new TrustStoreException(memberId, kid, $"'{name}' is not base64url", e);
        }
    }

    private static DateTimeOffset? NumericDate(string memberId, JsonWebKey jwk, string name)
    {
        if (!jwk.AdditionalData.TryGetValue(name, out var value) || value is null)
        {
            return null;
        }

        long? seconds = value switch
        {
            long l => l,
            int i => i,
            double d when d == Math.Floor(d) => (long)d,
            decimal m when m == decimal.Floor(m) => (long)m,
            JsonElement { ValueKind: JsonValueKind.Number } e when e.TryGetInt64(out var n) => n,
            _ => null,
        };
        return seconds is { } s && s >= 0 && s <= 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds(s)
            : throw new TrustStoreException(memberId, jwk.Kid, $"'{name}' must be a NumericDate (whole seconds since 1970), not '{Convert.ToString(value, CultureInfo.InvariantCulture)}'");
    }
}
