namespace Interop.Signatures.Verification;

/// <summary>Remembers nonces to refuse replays (the gateway uses a shared store when it runs on several instances).</summary>
public interface INonceStore
{
    /// <summary>Records a nonce for a key until a time; false when it was already recorded (a replay).</summary>
    /// <param name="keyId">The key id the nonce was used with.</param>
    /// <param name="nonce">The nonce.</param>
    /// <param name="keepUntil">After this time the signature is expired anyway, so the nonce may be forgotten.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<bool> TryAddAsync(string keyId, string nonce, DateTimeOffset keepUntil, CancellationToken cancellationToken);
}
