using System.Data.Common;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Interop.Gateway.Transactions;

/// <summary>
/// The transaction log in PostgreSQL, shared by several gateway instances. Appends take a transaction-scoped advisory
/// lock and read the last hash inside the transaction, so the chain stays linear across instances; a trigger refuses
/// updates and deletes.
/// </summary>
internal sealed class PostgresTransactionStore : SqlTransactionStore, IDisposable
{
    private const long ChainLock = 0x696e7465726f70; // "interop"
    private const long SchemaLock = 0x696e7465726f71;

    private readonly NpgsqlDataSource _dataSource;

    public PostgresTransactionStore(IOptions<TransactionLogOptions> options)
        : base(options.Value.Bodies)
    {
        _dataSource = NpgsqlDataSource.Create(options.Value.ConnectionString);
        // One batch, one implicit transaction, behind a lock: instances starting together on a fresh database would
        // otherwise race on CREATE TABLE IF NOT EXISTS (PostgreSQL answers the loser with a unique violation in pg_type).
        using var schema = _dataSource.CreateCommand($"""
            SELECT pg_advisory_xact_lock({SchemaLock});
            CREATE TABLE IF NOT EXISTS interop_transactions (
              seq BIGSERIAL PRIMARY KEY,
              id TEXT NOT NULL UNIQUE, received_at TEXT NOT NULL, sender TEXT NOT NULL, adapter TEXT NOT NULL,
              adapter_version TEXT NOT NULL, operation TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL,
              idempotency_key TEXT, status TEXT NOT NULL, http_status INTEGER NOT NULL, request_digest TEXT NOT NULL,
              response_digest TEXT, upstreams TEXT NOT NULL, timings TEXT NOT NULL, removed_paths TEXT NOT NULL,
              error_summary TEXT, request_content_type TEXT, request_body BYTEA NOT NULL, request_headers TEXT NOT NULL,
              route_values TEXT NOT NULL, query TEXT, response_content_type TEXT, response_body BYTEA NOT NULL,
              rerun_of TEXT, prev_hash TEXT, hash TEXT NOT NULL, evidence TEXT);
            ALTER TABLE interop_transactions ADD COLUMN IF NOT EXISTS evidence TEXT;
            CREATE INDEX IF NOT EXISTS ix_interop_transactions_idempotency ON interop_transactions (adapter, idempotency_key);
            CREATE INDEX IF NOT EXISTS ix_interop_transactions_rerun ON interop_transactions (rerun_of);
            CREATE OR REPLACE FUNCTION interop_transactions_append_only() RETURNS trigger LANGUAGE plpgsql AS
              $$ BEGIN RAISE EXCEPTION 'the transaction log is append-only'; END $$;
            DO $$ BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'interop_transactions_append_only') THEN
                CREATE TRIGGER interop_transactions_append_only BEFORE UPDATE OR DELETE ON interop_transactions
                  FOR EACH ROW EXECUTE FUNCTION interop_transactions_append_only();
              END IF;
            END $$;
            {ClaimsSchema}
            """);
        schema.ExecuteNonQuery();
    }

    protected override string Table => "interop_transactions";

    public override async Task<TransactionRecord> AppendAsync(TransactionRecord record, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var locking = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({ChainLock})", connection, transaction))
        {
            await locking.ExecuteNonQueryAsync(cancellationToken);
        }

        string? last;
        await using (var previous = new NpgsqlCommand("SELECT hash FROM interop_transactions ORDER BY seq DESC LIMIT 1", connection, transaction))
        {
            last = await previous.ExecuteScalarAsync(cancellationToken) as string;
        }

        var kept = Retain(record);
        var stored = kept with { PreviousHash = last, Hash = TransactionHasher.Hash(kept, last) };
        await using (var insert = new NpgsqlCommand($"INSERT INTO interop_transactions ({Columns}) VALUES ({InsertValues})", connection, transaction))
        {
            Bind(insert, stored);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return Answering(stored, record);
    }

    public void Dispose() => _dataSource.Dispose();

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);
}
