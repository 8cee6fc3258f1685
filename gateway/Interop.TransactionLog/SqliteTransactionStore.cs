using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Interop.Gateway.Transactions;

/// <summary>
/// The transaction log in SQLite (WAL): the embedded default for one machine. Appends are serialized in-process so the
/// hash chain is linear; each append is committed before the caller is answered.
/// </summary>
internal sealed class SqliteTransactionStore : SqlTransactionStore, IDisposable
{
    private readonly SemaphoreSlim _appendLock = new(1, 1);
    private readonly SqliteConnection _keepAlive;
    private readonly string _connectionString;
    private string? _lastHash;
    private bool _lastHashLoaded;

    public SqliteTransactionStore(IOptions<TransactionLogOptions> options)
        : base(options.Value.Bodies)
    {
        _connectionString = options.Value.ConnectionString;

        // One connection stays open for the store's lifetime, so an in-memory database (mode=memory&cache=shared) lives as long as the store.
        _keepAlive = new SqliteConnection(_connectionString);
        _keepAlive.Open();
        using var schema = _keepAlive.CreateCommand();
        schema.CommandText = $"""
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS transactions (
              seq INTEGER PRIMARY KEY AUTOINCREMENT,
              id TEXT NOT NULL UNIQUE, received_at TEXT NOT NULL, sender TEXT NOT NULL, adapter TEXT NOT NULL,
              adapter_version TEXT NOT NULL, operation TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL,
              idempotency_key TEXT, status TEXT NOT NULL, http_status INTEGER NOT NULL, request_digest TEXT NOT NULL,
              response_digest TEXT, upstreams TEXT NOT NULL, timings TEXT NOT NULL, removed_paths TEXT NOT NULL,
              error_summary TEXT, request_content_type TEXT, request_body BLOB NOT NULL, request_headers TEXT NOT NULL,
              route_values TEXT NOT NULL, query TEXT, response_content_type TEXT, response_body BLOB NOT NULL,
              rerun_of TEXT, prev_hash TEXT, hash TEXT NOT NULL, evidence TEXT);
            CREATE INDEX IF NOT EXISTS ix_transactions_idempotency ON transactions (adapter, idempotency_key);
            CREATE INDEX IF NOT EXISTS ix_transactions_rerun ON transactions (rerun_of);
            CREATE TRIGGER IF NOT EXISTS transactions_append_only_update BEFORE UPDATE ON transactions
              BEGIN SELECT RAISE(ABORT, 'the transaction log is append-only'); END;
            CREATE TRIGGER IF NOT EXISTS transactions_append_only_delete BEFORE DELETE ON transactions
              BEGIN SELECT RAISE(ABORT, 'the transaction log is append-only'); END;
            """;
        schema.ExecuteNonQuery();
        using var claims = _keepAlive.CreateCommand();
        claims.CommandText = ClaimsSchema;
        claims.ExecuteNonQuery();

        // Logs created before signing existed gain the evidence column (SQLite has no ADD COLUMN IF NOT EXISTS).
        using var columns = _keepAlive.CreateCommand();
        columns.CommandText = "SELECT COUNT(*) FROM pragma_table_info('transactions') WHERE name = 'evidence'";
        if (Convert.ToInt64(columns.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            using var add = _keepAlive.CreateCommand();
            add.CommandText = "ALTER TABLE transactions ADD COLUMN evidence TEXT";
            add.ExecuteNonQuery();
        }
    }

    protected override string Table => "transactions";

    public override async Task<TransactionRecord> AppendAsync(TransactionRecord record, CancellationToken cancellationToken)
    {
        await _appendLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            if (!_lastHashLoaded)
            {
                await using var last = connection.CreateCommand();
                last.CommandText = "SELECT hash FROM transactions ORDER BY seq DESC LIMIT 1";
                _lastHash = await last.ExecuteScalarAsync(cancellationToken) as string;
                _lastHashLoaded = true;
            }

            var kept = Retain(record);
            var stored = kept with { PreviousHash = _lastHash, Hash = TransactionHasher.Hash(kept, _lastHash) };
            await using var insert = connection.CreateCommand();
            insert.CommandText = $"INSERT INTO transactions ({Columns}) VALUES ({InsertValues})";
            Bind(insert, stored);
            await insert.ExecuteNonQueryAsync(cancellationToken);
            _lastHash = stored.Hash;
            return Answering(stored, record);
        }
        finally
        {
            _appendLock.Release();
        }
    }

    public void Dispose()
    {
        _keepAlive.Dispose();
        _appendLock.Dispose();
    }

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
