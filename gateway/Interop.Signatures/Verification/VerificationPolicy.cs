using Interop.Signatures.Components;
using Interop.Signatures.Digests;
using Interop.Signatures.Keys;

namespace Interop.Signatures.Verification;

/// <summary>The rules a signature must meet beyond being cryptographically valid. Defaults suit the gateway.</summary>
public sealed record VerificationPolicy
{
    /// <summary>The gateway's components: method, path, query, content type, Content-Digest and the sender's member header.</summary>
    public static IReadOnlyList<ComponentIdentifier> GatewayRequestComponents { get; } =
    [
        ComponentIdentifier.Method,
        ComponentIdentifier.Path,
        ComponentIdentifier.Query,
        ComponentIdentifier.Field("content-type"),
        ComponentIdentifier.Field(ContentDigest.FieldName),
        ComponentIdentifier.Field("x-member-id"),
    ];

    /// <summary>Components every accepted signature must cover. Default: none.</summary>
    public IReadOnlyList<ComponentIdentifier> RequiredComponents { get; init; } = [];

    /// <summary>The <c>tag</c> a signature must carry; signatures with another tag are not considered. Default: none.</summary>
    public string? RequiredTag { get; init; }

    /// <summary>Verify only the signature with this label; default: the first signature (with the required tag).</summary>
    public string? Label { get; init; }

    /// <summary>Algorithms accepted. Default: ecdsa-p256-sha256 and rsa-pss-sha512.</summary>
    public IReadOnlyCollection<string> AllowedAlgorithms { get; init; } = [SignatureAlgorithms.EcdsaP256Sha256, SignatureAlgorithms.RsaPssSha512];

    /// <summary>How old <c>created</c> may be. Default 5 minutes.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How far <c>expires</c> may be after <c>created</c>. Default 5 minutes.</summary>
    public TimeSpan MaxLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Tolerance between the signer's clock and ours. Default 30 seconds.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether <c>created</c> is required. Default true.</summary>
    public bool RequireCreated { get; init; } = true;

    /// <summary>Whether <c>expires</c> is required. Default false (the age limit applies either way).</summary>
    public bool RequireExpires { get; init; }

    /// <summary>Whether <c>nonce</c> is required (and checked against the nonce store). Default true.</summary>
    public bool RequireNonce { get; init; } = true;

    /// <summary>
    /// Whether to check Content-Digest against the message content when the content is supplied
    /// (<see cref="Messages.HttpMessage.Content"/> not null). Content with no Content-Digest field is
    /// refused; empty content with no Content-Digest field passes. Default true.
    /// </summary>
    public bool VerifyContentDigest { get; init; } = true;

    /// <summary>Digest algorithms accepted in Content-Digest. Default sha-256 and sha-512.</summary>
    public IReadOnlyCollection<DigestAlgorithm> AcceptedDigestAlgorithms { get; init; } = [DigestAlgorithm.Sha256, DigestAlgorithm.Sha512];
}
