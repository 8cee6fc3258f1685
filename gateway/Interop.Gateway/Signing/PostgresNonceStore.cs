using Interop.Signatures.Verification;
using Npgsql;

namespace Interop.Gateway.Signing;

/// <summary>
/// The replay cache shared by every gateway instance of a deployment: a nonce seen by one instance within its
/// signature's validity window is refused by all. One row per (key id, nonce); a row whose window has passed may be
/// taken again, and such rows are purged as the store goes.
/// </summary>
internal sealed class PostgresNonceStore : INonceStore, IDisposable
{
    private static readonly TimeSpan PurgeEvery = TimeSpan.FromMinutes(1);

    private readonly NpgsqlDataSource _source;
    private readonly TimeProvider _clock;
    private long _nextPurgeTicks;

    public PostgresNonceStore(string connectionString, TimeProvider clock)
    {
        _source = NpgsqlDataSource.Create(connectionString);
        _clock = clock;
        // Behind a lock, in one implicit transaction: instances starting together would race on CREATE TABLE IF NOT EXISTS.
        using var schema = _source.CreateCommand("""
            SELECT pg_advisory_xact_lock(29543860736258418);
            CREATE TABLE IF NOT EXISTS interop_nonces (
              key_id TEXT NOT NULL, nonce TEXT NOT NULL, keep_until TIMESTAMPTZ NOT NULL,
              PRIMARY KEY (key_id, nonce));
            """);
        schema.ExecuteNonQuery();
    }

    public async ValueTask<bool> TryAddAsync(string keyId, string nonce, DateTimeOffset keepUntil, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        await PurgeIfDueAsync(now, cancellationToken);

        // Inserted, or an expired row taken over: one row affected. A live row: none (a replay).
        await using var command = _source.CreateCommand("""
            INSERT INTO interop_nonces (key_id, nonce, keep_until) VALUES (@key, @nonce, @until)
            ON CONFLICT (key_id, nonce) DO UPDATE SET keep_until = EXCLUDED.keep_until WHERE interop_nonces.keep_until < @now
            """);
        command.Parameters.AddWithValue("key", keyId);
        command.Parameters.AddWithValue("nonce", nonce);
        command.Parameters.AddWithValue("until", keepUntil.UtcDateTime);
        command.Parameters.AddWithValue("now", now.UtcDateTime);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private async Task PurgeIfDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = Interlocked.Read(ref _nextPurgeTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextPurgeTicks, (now + PurgeEvery).UtcTicks, due) != due)
        {
            return;
        }

        await using var purge = _source.CreateCommand("DELETE FROM interop_nonces WHERE keep_until < @now");
        purge.Parameters.AddWithValue("now", now.UtcDateTime);
        await purge.ExecuteNonQueryAsync(cancellationToken);
    }

    public void Dispose() => _source.Dispose();
}
