using System.Data.Common;
using System.Globalization;
using System.Text.Json;

namespace Interop.Gateway.Transactions;

/// <summary>
/// What the SQL transaction logs share: the columns, reading and writing a record, the queries, and the chain walk.
/// The providers differ only in how they open connections, create the schema and serialize appends.
/// </summary>
internal abstract class SqlTransactionStore(string bodies) : ITransactionStore
{
    /// <summary>
    /// What the log keeps of the bodies (they hold personal data): with <c>needed</c> (the default) the request body only
    /// of a failed transaction (to re-run it) and the answer only of one with an idempotency key (to answer its
    /// retries); with <c>all</c> both, always. Digests are always kept.
    /// </summary>
    protected TransactionRecord Retain(TransactionRecord record) => bodies == TransactionLogOptions.AllBodies ? record : record with
    {
        RequestBody = record.Status == "failed" ? record.RequestBody : [],
        ResponseBody = record.IdempotencyKey is not null ? record.ResponseBody : [],
    };

    /// <summary>The stored record, with this call's bodies back for answering the caller (the log keeps only what <see cref="Retain"/> allows).</summary>
    protected static TransactionRecord Answering(TransactionRecord stored, TransactionRecord given) =>
        stored with { RequestBody = given.RequestBody, ResponseBody = given.ResponseBody };

    protected const string Columns = "id, received_at, sender, adapter, adapter_version, operation, method, path, idempotency_key, status, http_status, request_digest, response_digest, upstreams, timings, removed_paths, error_summary, request_content_type, request_body, request_headers, route_values, query, response_content_type, response_body, rerun_of, prev_hash, hash, evidence";

    protected static readonly string InsertValues = string.Join(", ", Columns.Split(", ").Select(c => "@" + c));

    protected abstract string Table { get; }

    public abstract Task<TransactionRecord> AppendAsync(TransactionRecord record, CancellationToken cancellationToken);

    protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    public async Task<TransactionRecord?> FindAnsweredAsync(string adapter, string idempotencyKey, CancellationToken cancellationToken) =>
        (await QueryAsync(
            "WHERE adapter = @adapter AND idempotency_key = @key AND status IN ('completed', 'refused') ORDER BY seq DESC LIMIT 1",
            c => { Add(c, "@adapter", adapter); Add(c, "@key", idempotencyKey); },
            cancellationToken)).FirstOrDefault();

    public async Task<TransactionRecord?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await QueryAsync("WHERE id = @id", c => Add(c, "@id", id), cancellationToken)).FirstOrDefault();

    public Task<IReadOnlyList<TransactionRecord>> ListAsync(TransactionQuery query, CancellationToken cancellationToken)
    {
        var where = new List<string>();
        if (query.Status is not null)
        {
            where.Add("status = @status");
        }

        if (query.Sender is not null)
        {
            where.Add("sender = @sender");
        }

        if (query.Adapter is not null)
        {
            where.Add("adapter = @adapter");
        }

        if (query.From is not null)
        {
            where.Add("received_at >= @from");
        }

        if (query.To is not null)
        {
            where.Add("received_at < @to");
        }

        var clause = (where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "") + " ORDER BY seq DESC LIMIT @limit";
        return QueryAsync(
            clause,
            c =>
            {
                Add(c, "@status", query.Status);
                Add(c, "@sender", query.Sender);
                Add(c, "@adapter", query.Adapter);
                Add(c, "@from", query.From is { } from ? Timestamp(from) : null);
                Add(c, "@to", query.To is { } to ? Timestamp(to) : null);
                Add(c, "@limit", Math.Clamp(query.Limit, 1, 1000));
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<string>> RerunsOfAsync(string id, CancellationToken cancellationToken) =>
        (await QueryAsync("WHERE rerun_of = @id ORDER BY seq", c => Add(c, "@id", id), cancellationToken)).Select(r => r.Id).ToList();

    /// <summary>The claims table beside the log (mutable working state, never chained).</summary>
    protected string Claims => Table + "_claims";

    /// <summary>The claims table, in SQL both engines accept.</summary>
    protected string ClaimsSchema => $"CREATE TABLE IF NOT EXISTS {Claims} (adapter TEXT NOT NULL, idempotency_key TEXT NOT NULL, owner TEXT NOT NULL, claimed_until TEXT NOT NULL, PRIMARY KEY (adapter, idempotency_key));";

    public async Task<bool> TryClaimAsync(string adapter, string idempotencyKey, string owner, DateTimeOffset until, CancellationToken cancellationToken)
    {
        // Inserted, or an expired claim taken over: one row. A live claim of another owner: none.
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO {Claims} (adapter, idempotency_key, owner, claimed_until) VALUES (@adapter, @key, @owner, @until)
            ON CONFLICT (adapter, idempotency_key) DO UPDATE SET owner = excluded.owner, claimed_until = excluded.claimed_until
            WHERE {Claims}.claimed_until < @now OR {Claims}.owner = excluded.owner
            """;
        Add(command, "@adapter", adapter);
        Add(command, "@key", idempotencyKey);
        Add(command, "@owner", owner);
        Add(command, "@until", Timestamp(until));
        Add(command, "@now", Timestamp(DateTimeOffset.UtcNow));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task ReleaseClaimAsync(string adapter, string idempotencyKey, string owner, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"DELETE FROM {Claims} WHERE adapter = @adapter AND idempotency_key = @key AND owner = @owner";
        Add(command, "@adapter", adapter);
        Add(command, "@key", idempotencyKey);
        Add(command, "@owner", owner);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Every record in log order (for offline checks: the chain, the signature evidence).</summary>
    public Task<IReadOnlyList<TransactionRecord>> AllAsync(CancellationToken cancellationToken) =>
        QueryAsync("ORDER BY seq", _ => { }, cancellationToken);

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

    protected static string Timestamp(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    protected static void Add(DbCommand command, string name, object? value)
    {
        if (value is null && !command.CommandText.Contains(name, StringComparison.Ordinal))
        {
            return;
        }

        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    protected static void Bind(DbCommand command, TransactionRecord r)
    {
        Add(command, "@id", r.Id);
        Add(command, "@received_at", Timestamp(r.ReceivedAt));
        Add(command, "@sender", r.Sender);
        Add(command, "@adapter", r.Adapter);
        Add(command, "@adapter_version", r.AdapterVersion);
        Add(command, "@operation", r.Operation);
        Add(command, "@method", r.Method);
        Add(command, "@path", r.Path);
        Add(command, "@idempotency_key", r.IdempotencyKey);
        Add(command, "@status", r.Status);
        Add(command, "@http_status", r.HttpStatus);
        Add(command, "@request_digest", r.RequestDigest);
        Add(command, "@response_digest", r.ResponseDigest);
        Add(command, "@upstreams", JsonSerializer.Serialize(r.Upstreams));
        Add(command, "@timings", JsonSerializer.Serialize(r.TimingsMs));
        Add(command, "@removed_paths", JsonSerializer.Serialize(r.RemovedPaths));
        Add(command, "@error_summary", r.ErrorSummary);
        Add(command, "@request_content_type", r.RequestContentType);
        Add(command, "@request_body", r.RequestBody);
        Add(command, "@request_headers", JsonSerializer.Serialize(r.RequestHeaders));
        Add(command, "@route_values", JsonSerializer.Serialize(r.RouteValues));
        Add(command, "@query", r.Query);
        Add(command, "@response_content_type", r.ResponseContentType);
        Add(command, "@response_body", r.ResponseBody);
        Add(command, "@rerun_of", r.RerunOf);
        Add(command, "@prev_hash", r.PreviousHash);
        Add(command, "@hash", r.Hash);
        Add(command, "@evidence", r.Evidence is null ? null : JsonSerializer.Serialize(r.Evidence));
    }

    private async Task<IReadOnlyList<TransactionRecord>> QueryAsync(string clause, Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM {Table} {clause}";
        bind(command);
        var records = new List<TransactionRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(Read(reader));
        }

        return records;
    }

    private static TransactionRecord Read(DbDataReader r)
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
            Evidence = Text(27) is { } evidence ? JsonSerializer.Deserialize<List<HopEvidence>>(evidence) : null,
        };
    }
}
