using Interop.Signatures.Keys;

namespace Interop.Signatures.Verification;

/// <summary>What the trust store knows about a key id: the key (and so its one allowed algorithm) and its status.</summary>
/// <param name="Key">The verification key; its <see cref="SignatureKey.Algorithm"/> is the only algorithm accepted with it.</param>
public sealed record ResolvedKey(SignatureKey Key)
{
    /// <summary>The key is not valid before this time.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>The key is not valid after this time (rotation).</summary>
    public DateTimeOffset? NotAfter { get; init; }

    /// <summary>True when the key was withdrawn.</summary>
    public bool IsRevoked { get; init; }

    /// <summary>The member that owns the key, e.g. <c>KH/GOV/NSSF/HSPIS</c>, for the caller's own checks.</summary>
    public string? Owner { get; init; }
}
