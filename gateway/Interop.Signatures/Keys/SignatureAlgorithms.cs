namespace Interop.Signatures.Keys;

/// <summary>The algorithm names of the HTTP Signature Algorithms registry (RFC 9421 §6.2) this library knows.</summary>
public static class SignatureAlgorithms
{
    /// <summary>ECDSA on P-256 with SHA-256; the signature is r||s (64 bytes). The gateway default.</summary>
    public const string EcdsaP256Sha256 = "ecdsa-p256-sha256";

    /// <summary>RSASSA-PSS with SHA-512, MGF1-SHA-512 and a 64-byte salt.</summary>
    public const string RsaPssSha512 = "rsa-pss-sha512";

    /// <summary>RSASSA-PKCS1-v1_5 with SHA-256.</summary>
    public const string RsaV15Sha256 = "rsa-v1_5-sha256";

    /// <summary>HMAC with SHA-256 (shared secret).</summary>
    public const string HmacSha256 = "hmac-sha256";

    /// <summary>Ed25519. Named for completeness: .NET 10 has no native Ed25519, so no key can be made for it.</summary>
    public const string Ed25519 = "ed25519";
}
