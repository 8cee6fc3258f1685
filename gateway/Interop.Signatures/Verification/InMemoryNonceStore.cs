namespace Interop.Signatures.Verification;

/// <summary>
/// An <see cref="INonceStore"/> for one process (tests, the sandbox, a single edge). Expired entries are dropped
/// as new ones arrive, oldest first, so an add costs O(log n) however many nonces the window holds.
/// </summary>
public sealed class InMemoryNonceStore(TimeProvider timeProvider) : INonceStore
{
    private readonly TimeProvider _timeProvider = timeProvider;
    private readonly Dictionary<(string KeyId, string Nonce), DateTimeOffset> _seen = [];
    private readonly PriorityQueue<(string KeyId, string Nonce), DateTimeOffset> _byExpiry = new();

    /// <summary>How many nonces are remembered now.</summary>
    public int Count
    {
        get
        {
            lock (_seen)
            {
                return _seen.Count;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> TryAddAsync(string keyId, string nonce, DateTimeOffset keepUntil, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        lock (_seen)
        {
            while (_byExpiry.TryPeek(out var expired, out var until) && until < now)
            {
                _byExpiry.Dequeue();
                _seen.Remove(expired);
            }

            if (!_seen.TryAdd((keyId, nonce), keepUntil))
            {
                return ValueTask.FromResult(false);
            }

            _byExpiry.Enqueue((keyId, nonce), keepUntil);
            return ValueTask.FromResult(true);
        }
    }
}
