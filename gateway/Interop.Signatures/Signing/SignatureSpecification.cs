using Interop.Signatures.Components;
using Interop.Signatures.Keys;

namespace Interop.Signatures.Signing;

/// <summary>What to sign and how: the key, the covered components and the signature parameters to add.</summary>
public sealed record SignatureSpecification
{
    /// <summary>The signing key; its <see cref="SignatureKey.KeyId"/> becomes <c>keyid</c>.</summary>
    public required SignatureKey Key { get; init; }

    /// <summary>The covered components, in order.</summary>
    public required IReadOnlyList<ComponentIdentifier> Components { get; init; }

    /// <summary>The signature label. Default <c>sig1</c>.</summary>
    public string Label { get; init; } = "sig1";

    /// <summary>The <c>tag</c> parameter (the application profile), or null for none.</summary>
    public string? Tag { get; init; }

    /// <summary>When set, <c>expires</c> is <c>created</c> plus this. Default 5 minutes.</summary>
    public TimeSpan? ExpiresAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether to send the <c>alg</c> parameter. Default true.</summary>
    public bool IncludeAlgorithm { get; init; } = true;

    /// <summary>Whether to send a fresh <c>nonce</c> from the signer's generator. Default true.</summary>
    public bool IncludeNonce { get; init; } = true;
}
