namespace Interop.Signatures.Verification;

/// <summary>Finds the key for a <c>keyid</c>, typically in the trust store's JWKS.</summary>
public interface ISignatureKeyResolver
{
    /// <summary>The key for this id, or null when the id is unknown.</summary>
    ValueTask<ResolvedKey?> ResolveAsync(string keyId, CancellationToken cancellationToken);
}
