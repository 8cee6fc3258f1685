using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Interop.Gateway.Transactions;

/// <summary>Where the transaction log is kept.</summary>
public sealed class TransactionLogOptions
{
    public const string Section = "TransactionLog";

    /// <summary>The SQLite connection string. Default: <c>Data Source=interop-transactions.db</c> beside the process.</summary>
    public string ConnectionString { get; set; } = "Data Source=interop-transactions.db";
}

/// <summary>
/// The transaction log in SQLite (WAL): the embedded default. Appends are serialized so the hash chain is linear;
/// each append is committed before the caller is answered.
/// </summary>
internal sealed class SqliteTransactionStore : ITransactionStore, IDisposable
{
    private const string Columns = "id, received_at, sender, adapter, adapter_version, operation, method, path, idempotency_key, status, http_status, request_digest, response_digest, upstreams, timings, removed_paths, error_summary, request_content_type, request_body, request_headers, route_values, query, response_content_type, response_body, rerun_of, prev_hash, hash";

    private readonly SemaphoreSlim _appendLock = new(1, 1);
    private readonly SqliteConnection _keepAlive;
    private readonly string _connectionString;
    private string? _lastHash;
    private bool _lastHashLoaded;

    public SqliteTransactionStore(IOptions<TransactionLogOptions> options)
    {
        _connectionString = options.Value.ConnectionString;

        // One connection stays open for the store's lifetime, so an in-memory database (Mode=Memory;Cache=Shared) lives as long as the store.
        _keepAlive = new SqliteConnection(_connectionString);
        _keepAlive.Open();
        Execute(_keepAlive, "PRAGMA journal_mode=WAL;");
        Execute(_keepAlive, $"""
            CREATE TABLE IF NOT EXISTS transactions (
              seq INTEGER PRIMARY KEY AUTOINCREMENT,
              id TEXT NOT NULL UNIQUE, received_at TEXT NOT NULL, sender TEXT NOT NULL, adapter TEXT NOT NULL,
              adapter_version TEXT NOT NULL, operation TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL,
              idempotency_key TEXT, status TEXT NOT NULL, http_status INTEGER NOT NULL, request_digest TEXT NOT NULL,
              response_digest TEXT, upstreams TEXT NOT NULL, timings TEXT NOT NULL, removed_paths TEXT NOT NULL,
              error_summary TEXT, request_content_type TEXT, request_body BLOB NOT NULL, request_headers TEXT NOT NULL,
              route_values TEXT NOT NULL, query TEXT, response_content_type TEXT, response_body BLOB NOT NULL,
              rerun_of TEXT, prev_hash TEXT, hash TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS ix_transactions_idempotency ON transactions (adapter, idempotency_key);
            CREATE INDEX IF NOT EXISTS ix_transactions_rerun ON transactions (rerun_of);
            CREATE TRIGGER IF NOT EXISTS transactions_append_only_update BEFORE UPDATE ON transactions
              BEGIN SELECT RAISE(ABORT, 'the transaction log is append-only'); END;
            CREATE TRIGGER IF NOT EXISTS transactions_append_only_delete BEFORE DELETE ON transactions
              BEGIN SELECT RAISE(ABORT, 'the transaction log is append-only'); END;
            """);
    }

    public async Task<TransactionRecord> AppendAsync(TransactionRecord record, CancellationToken cancellationToken)
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

            var stored = record with { PreviousHash = _lastHash, Hash = TransactionHasher.Hash(record, _lastHash) };
            await using var insert = connection.CreateCommand();
            insert.CommandText = $"INSERT INTO transactions ({Columns}) VALUES ({string.Join(", ", Columns.Split(", ").Select(c => "$" + c))})";
            Bind(insert, stored);
            await insert.ExecuteNonQueryAsync(cancellationToken);
            _lastHash = stored.Hash;
            return stored;
        }
        finally
        {
            _appendLock.Release();
        }
    }

    public async Task<TransactionRecord?> FindAnsweredAsync(string adapter, string idempotencyKey, CancellationToken cancellationToken) =>
        (await QueryAsync(
            "WHERE adapter = $adapter AND idempotency_key = $key AND status IN ('completed', 'refused') ORDER BY seq DESC LIMIT 1",
            c => { c.Parameters.AddWithValue("$adapter", adapter); c.Parameters.AddWithValue("$key", idempotencyKey); },
            cancellationToken)).FirstOrDefault();

    public async Task<TransactionRecord?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await QueryAsync("WHERE id = $id", c => c.Parameters.AddWithValue("$id", id), cancellationToken)).FirstOrDefault();

    public Task<IReadOnlyList<TransactionRecord>> ListAsync(TransactionQuery query, CancellationToken cancellationToken)
    {
        var where = new List<string>();
        return QueryAsync(
            BuildWhere(query, where),
            c =>
            {
                Add(c, "$status", query.Status);
                Add(c, "$sender", query.Sender);
                Add(c, "$adapter", query.Adapter);
                Add(c, "$from", query.From?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
                Add(c, "$to", query.To?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
                c.Parameters.AddWithValue("$limit", Math.Clamp(query.Limit, 1, 1000));
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<string>> RerunsOfAsync(string id, CancellationToken cancellationToken) =>
        (await QueryAsync("WHERE rerun_of = $id ORDER BY seq", c => c.Parameters.AddWithValue("$id", id), cancellationToken)).Select(r => r.Id).ToList();

    public async Task<string?> VerifyChainAsync(CancellationToken cancellationToken)
    {
        string? previous = null;
        foreach (var record in await QueryAsync("ORDER BY seq", _ => { }, cancellationToken))
        {
            if (record.PreviousHash != previous || TransactionHasher.Hash(record, previous) != record.Hash)
            {
                return record.Id;
            }

            previous = record.Hash;
        }

        return null;
    }

    public void Dispose()
    {
        _keepAlive.Dispose();
        _appendLock.Dispose();
    }

    private static string BuildWhere(TransactionQuery query, List<string> where)
    {
        if (query.Status is not null)
        {
            where.Add("status = $status");
        }

        if (query.Sender is not null)
        {
            where.Add("sender = $sender");
        }

        if (query.Adapter is not null)
        {
            where.Add("adapter = $adapter");
        }

        if (query.From is not null)
        {
            where.Add("received_at >= $from");
        }

        if (query.To is not null)
        {
            where.Add("received_at < $to");
        }

        return (where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "") + " ORDER BY seq DESC LIMIT $limit";
    }

    private static void Add(SqliteCommand command, string name, string? value)
    {
        if (value is not null)
        {
            command.Parameters.AddWithValue(name, value);
        }
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private async Task<IReadOnlyList<TransactionRecord>> QueryAsync(string clause, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM transactions {clause}";
        bind(command);
        var records = new List<TransactionRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(Read(reader));
        }

        return records;
    }

    private static void Bind(SqliteCommand command, TransactionRecord r)
    {
        var p = command.Parameters;
        p.AddWithValue("$id", r.Id);
        p.AddWithValue("$received_at", r.ReceivedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        p.AddWithValue("$sender", r.Sender);
        p.AddWithValue("$adapter", r.Adapter);
        p.AddWithValue("$adapter_version", r.AdapterVersion);
        p.AddWithValue("$operation", r.Operation);
        p.AddWithValue("$method", r.Method);
        p.AddWithValue("$path", r.Path);
        p.AddWithValue("$idempotency_key", (object?)r.IdempotencyKey ?? DBNull.Value);
        p.AddWithValue("$status", r.Status);
        p.AddWithValue("$http_status", r.HttpStatus);
        p.AddWithValue("$request_digest", r.RequestDigest);
        p.AddWithValue("$response_digest", (object?)r.ResponseDigest ?? DBNull.Value);
        p.AddWithValue("$upstreams", JsonSerializer.Serialize(r.Upstreams));
        p.AddWithValue("$timings", JsonSerializer.Serialize(r.TimingsMs));
        p.AddWithValue("$removed_paths", JsonSerializer.Serialize(r.RemovedPaths));
        p.AddWithValue("$error_summary", (object?)r.ErrorSummary ?? DBNull.Value);
        p.AddWithValue("$request_content_type", (object?)r.RequestContentType ?? DBNull.Value);
        p.AddWithValue("$request_body", r.RequestBody);
        p.AddWithValue("$request_headers", JsonSerializer.Serialize(r.RequestHeaders));
        p.AddWithValue("$route_values", JsonSerializer.Serialize(r.RouteValues));
        p.AddWithValue("$query", (object?)r.Query ?? DBNull.Value);
        p.AddWithValue("$response_content_type", (object?)r.ResponseContentType ?? DBNull.Value);
        p.AddWithValue("$response_body", r.ResponseBody);
        p.AddWithValue("$rerun_of", (object?)r.RerunOf ?? DBNull.Value);
        p.AddWithValue("$prev_hash", (object?)r.PreviousHash ?? DBNull.Value);
        p.AddWithValue("$hash", r.Hash!);
    }

    private static TransactionRecord Read(SqliteDataReader r)
    {
        string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        T Json<T>(int i) => JsonSerializer.Deserialize<T>(r.GetString(i))!;
        return new TransactionRecord
        {
            Id = r.GetString(0),
            ReceivedAt = DateTimeOffset.Parse(r.GetString(1), CultureInfo.InvariantCulture),
            Sender = r.GetString(2),
            Adapter = r.GetString(3),
            AdapterVersion = r.GetString(4),
            Operation = r.GetString(5),
            Method = r.GetString(6),
            Path = r.GetString(7),
            IdempotencyKey = Text(8),
            Status = r.GetString(9),
            HttpStatus = r.GetInt32(10),
            RequestDigest = r.GetString(11),
            ResponseDigest = Text(12),
            Upstreams = Json<List<string>>(13),
            TimingsMs = Json<Dictionary<string, double>>(14),
            RemovedPaths = Json<List<string>>(15),
            ErrorSummary = Text(16),
            RequestContentType = Text(17),
            RequestBody = (byte[])r.GetValue(18),
            RequestHeaders = Json<Dictionary<string, string>>(19),
            RouteValues = Json<Dictionary<string, string>>(20),
            Query = Text(21),
            ResponseContentType = Text(22),
            ResponseBody = (byte[])r.GetValue(23),
            RerunOf = Text(24),
            PreviousHash = Text(25),
            Hash = Text(26),
        };
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
