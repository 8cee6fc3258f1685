using Interop.Signatures.Keys;

namespace Interop.Signatures.Trust;

/// <summary>Where a member's private signing key comes from: a file or an environment variable, never the repository.</summary>
public sealed class SigningKeyOptions
{
    /// <summary>Path of a private JWK or PKCS#8 PEM file (relative paths start at the content root).</summary>
    public string? KeyFile { get; set; }

    /// <summary>Name of an environment variable holding the private JWK or PKCS#8 PEM text.</summary>
    public string? KeyEnvironmentVariable { get; set; }

    /// <summary>The key id sent as <c>keyid</c>; it must match the <c>kid</c> of a JWK.</summary>
    public string KeyId { get; set; } = "";

    /// <summary>The signature algorithm: <c>ecdsa-p256-sha256</c> (default) or <c>rsa-pss-sha512</c>.</summary>
    public string Algorithm { get; set; } = SignatureAlgorithms.EcdsaP256Sha256;
}
