namespace Interop.Signatures.Digests;

/// <summary>The digest algorithms this library computes and accepts (the "Active" entries of the RFC 9530 registry).</summary>
public enum DigestAlgorithm
{
    /// <summary><c>sha-256</c> (the gateway default).</summary>
    Sha256,

    /// <summary><c>sha-512</c>.</summary>
    Sha512,
}
