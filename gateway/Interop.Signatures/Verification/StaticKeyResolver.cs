namespace Interop.Signatures.Verification;

/// <summary>An <see cref="ISignatureKeyResolver"/> over a fixed set of keys (tests, the sandbox).</summary>
public sealed class StaticKeyResolver : ISignatureKeyResolver
{
    private readonly Dictionary<string, ResolvedKey> _keys;

    /// <summary>Creates a resolver; each key is found by its <see cref="Keys.SignatureKey.KeyId"/>.</summary>
    public StaticKeyResolver(IEnumerable<ResolvedKey> keys)
    {
        _keys = keys.ToDictionary(k => k.Key.KeyId, StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public ValueTask<ResolvedKey?> ResolveAsync(string keyId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_keys.GetValueOrDefault(keyId));
}
