namespace Interop.Signatures.Verification;

/// <summary>An <see cref="INonceStore"/> for one process (tests, the sandbox, a single edge). Expired entries are dropped as new ones arrive.</summary>
public sealed class InMemoryNonceStore(TimeProvider timeProvider) : INonceStore
{
    private readonly TimeProvider _timeProvider = timeProvider;
    private readonly Dictionary<(string KeyId, string Nonce), DateTimeOffset> _seen = [];

    /// <inheritdoc />
    public ValueTask<bool> TryAddAsync(string keyId, string nonce, DateTimeOffset keepUntil, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        lock (_seen)
        {
            foreach (var expired in _seen.Where(e => e.Value < now).Select(e => e.Key).ToList())
            {
                _seen.Remove(expired);
            }

            return ValueTask.FromResult(_seen.TryAdd((keyId, nonce), keepUntil));
        }
    }
}
