using System.Data.Common;

namespace Interop.Registry.Storage;

/// <summary>
/// The registry's tables in plain SQL that SQLite and PostgreSQL both run; the engines differ only in how connections
/// are opened, in a few DDL words and in how a unique violation is reported.
/// </summary>
internal abstract class SqlRegistryStore : IRegistryStore
{
    /// <summary>
    /// What matching reads of a record besides its id: its features. PostgreSQL keeps them in a covering index, so a
    /// feature added here is added there too.
    /// </summary>
    protected const string MatchedColumns =
        "spid, member, created_at, khmer_family, khmer_given, latin_family, latin_given, sex, birth_date, village, khmer_id, latin_family_letters, latin_given_letters";

    private const string RecordColumns = $"id, {MatchedColumns}, content_digest, resource_json";

    private const string FeatureColumns = $"id, {MatchedColumns}, '' AS content_digest, '' AS resource_json";

    protected const string Open = "open";

    /// <summary>The DDL, run in order at start-up; every statement is idempotent.</summary>
    protected abstract IReadOnlyList<string> SchemaStatements { get; }

    protected abstract ValueTask<DbConnection> AcquireAsync(CancellationToken cancellationToken);

    protected abstract ValueTask ReleaseAsync(DbConnection connection);

    /// <summary>Whether the exception is a unique-key violation, and whether it was the SPID's.</summary>
    protected abstract bool IsUniqueViolation(DbException exception, out bool spidTaken);

    public abstract ValueTask DisposeAsync();

    public virtual async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await WithTransactionAsync(async (c, tx) =>
        {
            foreach (var statement in SchemaStatements)
            {
                // No command timeout: on a registry of millions, building an index or putting back the keys of an
                // interrupted initial load takes minutes, and a start that gave up would leave the registry down.
                await using var command = Command(c, tx, statement, []);
                command.CommandTimeout = 0;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            return true;
        }, cancellationToken);
    }

    /// <summary>Refuses a change to identities (a registration, a link, a merge, a review decision) the registry cannot take now (<see cref="RegistryUnavailableException"/>); by default every one is taken.</summary>
    protected virtual Task EnsureWritableAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A transaction that changes identities: <see cref="EnsureWritableAsync"/> first, in the same transaction.</summary>
    private Task<T> WithWriteTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        WithTransactionAsync(
            async (c, tx) =>
            {
                await EnsureWritableAsync(c, tx, cancellationToken);
                return await work(c, tx);
            },
            cancellationToken);

    public virtual Task<IAsyncDisposable> LockRegistrationsAsync(IReadOnlyList<int> stripes, CancellationToken cancellationToken = default) =>
        Task.FromResult<IAsyncDisposable>(NoLock.Instance);

    public async Task<long> RegisterAsync(RegistrationWrite write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        try
        {
            return await WithWriteTransactionAsync((c, tx) => WriteRegistrationAsync(c, tx, write, cancellationToken), cancellationToken);
        }
        catch (DbException e) when (IsUniqueViolation(e, out var spidTaken))
        {
            throw new RegistryConflictException(spidTaken ? "The SPID drawn is already issued." : "An identifier was registered concurrently.", e) { SpidTaken = spidTaken };
        }
    }

    public virtual async Task BulkLoadAsync(IReadOnlyList<RegistrationWrite> writes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        try
        {
            await WithTransactionAsync(async (c, tx) =>
            {
                // One prepared command per table, re-bound for every row: a load is mostly parameter binding.
                await using var person = Command(c, tx, "INSERT INTO persons (spid, resource_id, merged_into, created_at) VALUES (@spid, @rid, NULL, @at)", [("spid", null), ("rid", null), ("at", null)]);
                await using var record = Command(c, tx,
                    "INSERT INTO records (spid, member, created_at, khmer_family, khmer_given, latin_family, latin_given, sex, birth_date, village, khmer_id, latin_family_letters, latin_given_letters, content_digest, resource_json) " +
                    "VALUES (@spid, @member, @at, @kf, @kg, @lf, @lg, @sex, @bd, @village, @kid, @lfl, @lgl, @digest, @json) RETURNING id",
                    [("spid", null), ("member", null), ("at", null), ("kf", null), ("kg", null), ("lf", null), ("lg", null), ("sex", null), ("bd", null), ("village", null), ("kid", null), ("lfl", null), ("lgl", null), ("digest", null), ("json", null)]);
                await using var identifier = Command(c, tx, "INSERT INTO identifiers (system, value, spid, record_id, member) VALUES (@system, @value, @spid, @rid, @member)",
                    [("system", null), ("value", null), ("spid", null), ("rid", null), ("member", null)]);
                await using var key = Command(c, tx, "INSERT INTO blocking_keys (key_hash, record_id) VALUES (@key, @rid) ON CONFLICT DO NOTHING", [("key", null), ("rid", null)]);
                foreach (var write in writes)
                {
                    if (write.Reviews.Count > 0 || write.Audits.Count > 0 || write.Outbox.Count > 0 || write.NewPerson is null)
                    {
                        await WriteRegistrationAsync(c, tx, write, cancellationToken);
                        continue;
                    }

                    var p = write.NewPerson;
                    await Bind(person, p.Spid, p.ResourceId, p.CreatedAt.ToUnixTimeMilliseconds()).ExecuteNonQueryAsync(cancellationToken);
                    var r = write.Record;
                    var id = (long)(await Bind(record, r.Spid, r.Member, r.CreatedAt.ToUnixTimeMilliseconds(), r.KhmerFamily, r.KhmerGiven, r.LatinFamily, r.LatinGiven, r.Sex, r.BirthDate, r.Village, r.KhmerId,
                        r.LatinFamilyLetters, r.LatinGivenLetters, r.ContentDigest, r.ResourceJson).ExecuteScalarAsync(cancellationToken))!;
                    foreach (var (system, value) in write.Identifiers)
                    {
                        await Bind(identifier, system, value, r.Spid, id, r.Member).ExecuteNonQueryAsync(cancellationToken);
                    }

                    foreach (var hash in write.BlockingKeys.Distinct())
                    {
                        await Bind(key, hash, id).ExecuteNonQueryAsync(cancellationToken);
                    }
                }

                return true;
            }, cancellationToken);
        }
        catch (DbException e) when (IsUniqueViolation(e, out var spidTaken))
        {
            throw new RegistryConflictException("A SPID or an identifier of the batch is already taken; nothing of the batch was written.", e) { SpidTaken = spidTaken };
        }
    }

    /// <summary>Nothing to warm by default: an embedded database's pages are the process's own.</summary>
    public virtual Task<long> WarmAsync(CancellationToken cancellationToken = default) => Task.FromResult(0L);

    /// <summary>Batches through <see cref="BulkLoadAsync"/>, every index maintained as it goes (the engine's override may defer them).</summary>
    public virtual Task<IRegistryBulkLoad> BeginBulkLoadAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IRegistryBulkLoad>(new IndexedBulkLoad(this));

    private static DbCommand Bind(DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        return command;
    }

    private static async Task<long> WriteRegistrationAsync(DbConnection c, DbTransaction tx, RegistrationWrite write, CancellationToken cancellationToken)
    {
        if (write.NewPerson is { } person)
        {
            await ExecuteAsync(c, tx, "INSERT INTO persons (spid, resource_id, merged_into, created_at) VALUES (@spid, @rid, NULL, @at)", cancellationToken,
                ("spid", person.Spid), ("rid", person.ResourceId), ("at", person.CreatedAt.ToUnixTimeMilliseconds()));
        }

        var r = write.Record;
        var recordId = await ScalarAsync<long>(c, tx,
            "INSERT INTO records (spid, member, created_at, khmer_family, khmer_given, latin_family, latin_given, sex, birth_date, village, khmer_id, latin_family_letters, latin_given_letters, content_digest, resource_json) " +
            "VALUES (@spid, @member, @at, @kf, @kg, @lf, @lg, @sex, @bd, @village, @kid, @lfl, @lgl, @digest, @json) RETURNING id",
            cancellationToken,
            ("spid", r.Spid), ("member", r.Member), ("at", r.CreatedAt.ToUnixTimeMilliseconds()), ("kf", r.KhmerFamily), ("kg", r.KhmerGiven),
            ("lf", r.LatinFamily), ("lg", r.LatinGiven), ("sex", r.Sex), ("bd", r.BirthDate), ("village", r.Village), ("kid", r.KhmerId),
            ("lfl", r.LatinFamilyLetters), ("lgl", r.LatinGivenLetters), ("digest", r.ContentDigest), ("json", r.ResourceJson));

        foreach (var (system, value) in write.Identifiers)
        {
            await ExecuteAsync(c, tx, "INSERT INTO identifiers (system, value, spid, record_id, member) VALUES (@system, @value, @spid, @rid, @member)", cancellationToken,
                ("system", system), ("value", value), ("spid", r.Spid), ("rid", recordId), ("member", r.Member));
        }

        // One statement for all keys of the record: most of a registration's rows are blocking keys.
        var keys = write.BlockingKeys.Distinct().ToList();
        if (keys.Count > 0)
        {
            var values = string.Join(", ", keys.Select((_, i) => $"(@k{i}, @rid)"));
            (string, object?)[] parameters = [("rid", recordId), .. keys.Select((k, i) => ($"k{i}", (object?)k))];
            await ExecuteAsync(c, tx, $"INSERT INTO blocking_keys (key_hash, record_id) VALUES {values} ON CONFLICT DO NOTHING", cancellationToken, parameters);
        }

        foreach (var review in write.Reviews)
        {
            await ExecuteAsync(c, tx, "INSERT INTO review_items (spid, candidate_spid, weight, field_scores, status, created_at) VALUES (@spid, @candidate, @weight, @fields, 'open', @at)", cancellationToken,
                ("spid", review.Spid), ("candidate", review.CandidateSpid), ("weight", review.Weight), ("fields", review.FieldScoresJson), ("at", r.CreatedAt.ToUnixTimeMilliseconds()));
        }

        await WriteAuditAndOutboxAsync(c, tx, r.CreatedAt, write.Audits, write.Outbox, cancellationToken);
        return recordId;
    }

    public Task<PersonRow?> FindPersonAsync(string spid, CancellationToken cancellationToken = default) =>
        WithConnectionAsync(c => SinglePersonAsync(c, "spid", spid, cancellationToken), cancellationToken);

    public Task<PersonRow?> FindPersonByResourceIdAsync(string resourceId, CancellationToken cancellationToken = default) =>
        WithConnectionAsync(c => SinglePersonAsync(c, "resource_id", resourceId, cancellationToken), cancellationToken);

    public Task<StoredIdentifier?> FindIdentifierAsync(string system, string value, CancellationToken cancellationToken = default) =>
        WithConnectionAsync(async c =>
        {
            var rows = await QueryAsync(c, null, "SELECT system, value, spid, record_id, member FROM identifiers WHERE system = @system AND value = @value", ReadIdentifier, cancellationToken,
                ("system", system), ("value", value));
            return rows.Count == 0 ? null : rows[0];
        }, cancellationToken);

    public Task<IReadOnlyList<StoredIdentifier>> FindIdentifiersAsync(IReadOnlyCollection<(string System, string Value)> identifiers, CancellationToken cancellationToken = default)
    {
        if (identifiers.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<StoredIdentifier>>([]);
        }

        var list = identifiers.ToList();
        var where = string.Join(" OR ", list.Select((_, i) => $"(system = @s{i} AND value = @v{i})"));
        (string, object?)[] parameters = [.. list.SelectMany((id, i) => new (string, object?)[] { ($"s{i}", id.System), ($"v{i}", id.Value) })];
        return WithConnectionAsync(c => QueryAsync(c, null, $"SELECT system, value, spid, record_id, member FROM identifiers WHERE {where}", ReadIdentifier, cancellationToken, parameters), cancellationToken);
    }

    public Task<IReadOnlyList<StoredIdentifier>> GetIdentifiersAsync(IReadOnlyCollection<string> spids, CancellationToken cancellationToken = default) =>
        spids.Count == 0
            ? Task.FromResult<IReadOnlyList<StoredIdentifier>>([])
            : WithConnectionAsync(c =>
            {
                var (list, parameters) = InList("s", spids.Cast<object>().ToList());
                return QueryAsync(c, null, $"SELECT system, value, spid, record_id, member FROM identifiers WHERE spid IN ({list}) ORDER BY record_id, system, value", ReadIdentifier, cancellationToken, parameters);
            }, cancellationToken);

    public Task<IReadOnlyList<IdentityRecord>> GetRecordsAsync(string spid, CancellationToken cancellationToken = default) =>
        WithConnectionAsync(c => QueryAsync(c, null, $"SELECT {RecordColumns} FROM records WHERE spid = @spid ORDER BY id", ReadRecord, cancellationToken, ("spid", spid)), cancellationToken);

    public Task<IReadOnlyList<IdentityRecord>> GetRecordFeaturesAsync(string spid, CancellationToken cancellationToken = default) =>
        // The ids by SPID, then the features by id: two index-only reads where the engine keeps covering indexes.
        WithConnectionAsync(c => QueryAsync(c, null, $"SELECT {FeatureColumns} FROM records WHERE id IN (SELECT id FROM records WHERE spid = @spid) ORDER BY id", ReadRecord, cancellationToken,
            ("spid", spid)), cancellationToken);

    public Task<bool> HasRecordDigestAsync(string spid, string contentDigest, CancellationToken cancellationToken = default) =>
        WithConnectionAsync(async c => await ScalarAsync<long>(c, null, "SELECT COUNT(*) FROM records WHERE spid = @spid AND content_digest = @digest", cancellationToken,
            ("spid", spid), ("digest", contentDigest)) > 0, cancellationToken);

    public Task<IReadOnlyList<IdentityRecord>> FindCandidatesAsync(IReadOnlyCollection<long> blockingKeys, int limitPerKey, CancellationToken cancellationToken = default)
    {
        if (blockingKeys.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<IdentityRecord>>([]);
        }

        // One bounded probe per key: a very common key (a frequent name in a big village) cannot flood the matcher.
        var parts = new List<string>();
        var parameters = new List<(string, object?)> { ("limit", limitPerKey) };
        var i = 0;
        foreach (var key in blockingKeys.Distinct())
        {
            parts.Add($"SELECT record_id FROM (SELECT record_id FROM blocking_keys WHERE key_hash = @k{i} LIMIT @limit) AS b{i}");
            parameters.Add(($"k{i}", key));
            i++;
        }

        // Features only: the Patient as received is not read for scoring.
        var sql = $"SELECT {FeatureColumns} FROM records WHERE id IN ({string.Join(" UNION ", parts)})";
        return WithConnectionAsync(c => QueryAsync(c, null, sql, ReadRecord, cancellationToken, [.. parameters]), cancellationToken);
    }

    public Task<IReadOnlyList<string>> GetMergedSpidsAsync(string survivor, CancellationToken cancellationToken = default) =>
        WithConnectionAsync(c => QueryAsync(c, null, "SELECT spid FROM persons WHERE merged_into = @spid ORDER BY created_at", r => r.GetString(0), cancellationToken, ("spid", survivor)), cancellationToken);

    public Task<IReadOnlyList<string>> GetLinksAsync(string spid, CancellationToken cancellationToken = default) =>
        WithConnectionAsync(c => PairsAsync(c, null, "links", spid, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<string>> GetNonMatchesAsync(string spid, CancellationToken cancellationToken = default) =>
        WithConnectionAsync(c => PairsAsync(c, null, "non_matches", spid, cancellationToken), cancellationToken);

    public Task<bool> LinkAsync(string spid, string otherSpid, AuditDraft audit, IReadOnlyList<OutboxDraft> outbox, CancellationToken cancellationToken = default) =>
        WithWriteTransactionAsync(async (c, tx) =>
        {
            var added = await InsertPairAsync(c, tx, "links", spid, otherSpid, cancellationToken);
            await WriteAuditAndOutboxAsync(c, tx, Now, [audit], outbox, cancellationToken);
            return added;
        }, cancellationToken);

    public Task<bool> UnlinkAsync(string spid, string otherSpid, AuditDraft audit, IReadOnlyList<OutboxDraft> outbox, CancellationToken cancellationToken = default) =>
        WithWriteTransactionAsync(async (c, tx) =>
        {
            var (a, b) = Ordered(spid, otherSpid);
            var removed = await ExecuteAsync(c, tx, "DELETE FROM links WHERE spid_a = @a AND spid_b = @b", cancellationToken, ("a", a), ("b", b)) > 0;
            await WriteAuditAndOutboxAsync(c, tx, Now, [audit], outbox, cancellationToken);
            return removed;
        }, cancellationToken);

    public Task MergeAsync(string source, string target, AuditDraft audit, IReadOnlyList<OutboxDraft> outbox, CancellationToken cancellationToken = default) =>
        WithWriteTransactionAsync(async (c, tx) =>
        {
            await ExecuteAsync(c, tx, "UPDATE persons SET merged_into = @t WHERE spid = @s OR merged_into = @s", cancellationToken, ("s", source), ("t", target));
            await ExecuteAsync(c, tx, "UPDATE records SET spid = @t WHERE spid = @s", cancellationToken, ("s", source), ("t", target));
            await ExecuteAsync(c, tx, "UPDATE identifiers SET spid = @t WHERE spid = @s", cancellationToken, ("s", source), ("t", target));
            foreach (var table in new[] { "links", "non_matches" })
            {
                foreach (var other in await PairsAsync(c, tx, table, source, cancellationToken))
                {
                    if (other != target)
                    {
                        await InsertPairAsync(c, tx, table, target, other, cancellationToken);
                    }
                }

                await ExecuteAsync(c, tx, $"DELETE FROM {table} WHERE spid_a = @s OR spid_b = @s", cancellationToken, ("s", source));
            }

            await ExecuteAsync(c, tx, "UPDATE review_items SET spid = @t WHERE spid = @s AND status = 'open'", cancellationToken, ("s", source), ("t", target));
            await ExecuteAsync(c, tx, "UPDATE review_items SET candidate_spid = @t WHERE candidate_spid = @s AND status = 'open'", cancellationToken, ("s", source), ("t", target));
            await ExecuteAsync(c, tx, "UPDATE review_items SET status = 'superseded' WHERE status = 'open' AND spid = candidate_spid", cancellationToken);
            await WriteAuditAndOutboxAsync(c, tx, Now, [audit], outbox, cancellationToken);
            return true;
        }, cancellationToken);

    public Task<IReadOnlyList<ReviewItem>> ListOpenReviewsAsync(int limit, CancellationToken cancellationToken = default) =>
        WithConnectionAsync(c => QueryAsync(c, null, "SELECT id, spid, candidate_spid, weight, field_scores, status, created_at FROM review_items WHERE status = 'open' ORDER BY id LIMIT @limit",
            ReadReview, cancellationToken, ("limit", limit)), cancellationToken);

    public Task<ReviewItem?> FindReviewAsync(long id, CancellationToken cancellationToken = default) =>
        WithConnectionAsync(async c =>
        {
            var rows = await QueryAsync(c, null, "SELECT id, spid, candidate_spid, weight, field_scores, status, created_at FROM review_items WHERE id = @id", ReadReview, cancellationToken, ("id", id));
            return rows.Count == 0 ? null : rows[0];
        }, cancellationToken);

    public Task<bool> ResolveReviewAsync(long id, bool samePerson, AuditDraft audit, IReadOnlyList<OutboxDraft> outbox, CancellationToken cancellationToken = default) =>
        WithWriteTransactionAsync(async (c, tx) =>
        {
            var rows = await QueryAsync(c, tx, "SELECT id, spid, candidate_spid, weight, field_scores, status, created_at FROM review_items WHERE id = @id", ReadReview, cancellationToken, ("id", id));
            if (rows.Count == 0 || rows[0].Status != Open)
            {
                return false;
            }

            var item = rows[0];
            await ExecuteAsync(c, tx, "UPDATE review_items SET status = @status, resolved_at = @at, resolved_by = @member WHERE id = @id", cancellationToken,
                ("status", samePerson ? "same-person" : "different-people"), ("at", Now.ToUnixTimeMilliseconds()), ("member", audit.Member), ("id", id));
            await InsertPairAsync(c, tx, samePerson ? "links" : "non_matches", item.Spid, item.CandidateSpid, cancellationToken);
            await WriteAuditAndOutboxAsync(c, tx, Now, [audit], outbox, cancellationToken);
            return true;
        }, cancellationToken);

    public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string spid, CancellationToken cancellationToken = default) =>
        WithConnectionAsync(c => QueryAsync(c, null, "SELECT id, at, action, member, reason, spid, other_spid FROM audit WHERE spid = @spid OR other_spid = @spid ORDER BY id",
            r => new AuditEntry(r.GetInt64(0), FromMillis(r.GetInt64(1)), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6)),
            cancellationToken, ("spid", spid)), cancellationToken);

    public Task<IReadOnlyList<OutboxMessage>> ClaimDueNotificationsAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken = default) =>
        WithTransactionAsync(async (c, tx) =>
        {
            var nowMs = now.ToUnixTimeMilliseconds();
            var due = await QueryAsync(c, tx,
                "SELECT id, receiver, message_id, payload, attempts, next_attempt_at, delivered_at FROM outbox " +
                "WHERE delivered_at IS NULL AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until <= @now) ORDER BY id LIMIT @max",
                ReadOutbox, cancellationToken, ("now", nowMs), ("max", max));
            var claimed = new List<OutboxMessage>();
            foreach (var message in due)
            {
                // The guarded update is the claim: of two dispatchers reading the same row, one updates it.
                var won = await ExecuteAsync(c, tx, "UPDATE outbox SET lease_until = @lease WHERE id = @id AND delivered_at IS NULL AND (lease_until IS NULL OR lease_until <= @now)", cancellationToken,
                    ("lease", leaseUntil.ToUnixTimeMilliseconds()), ("id", message.Id), ("now", nowMs));
                if (won == 1)
                {
                    claimed.Add(message);
                }
            }

            return (IReadOnlyList<OutboxMessage>)claimed;
        }, cancellationToken);

    public Task MarkDeliveredAsync(long id, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        WithConnectionAsync(c => ExecuteAsync(c, null, "UPDATE outbox SET delivered_at = @at, attempts = attempts + 1, lease_until = NULL WHERE id = @id AND delivered_at IS NULL", cancellationToken,
            ("at", at.ToUnixTimeMilliseconds()), ("id", id)), cancellationToken);

    public Task MarkFailedAsync(long id, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken = default) =>
        WithConnectionAsync(c => ExecuteAsync(c, null, "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = @next, lease_until = NULL WHERE id = @id AND delivered_at IS NULL", cancellationToken,
            ("next", nextAttemptAt.ToUnixTimeMilliseconds()), ("id", id)), cancellationToken);

    public Task<IReadOnlyList<OutboxMessage>> ListNotificationsAsync(CancellationToken cancellationToken = default) =>
        WithConnectionAsync(c => QueryAsync(c, null, "SELECT id, receiver, message_id, payload, attempts, next_attempt_at, delivered_at FROM outbox ORDER BY id", ReadOutbox, cancellationToken), cancellationToken);

    public Task<(long Persons, long Records)> CountAsync(CancellationToken cancellationToken = default) =>
        WithConnectionAsync(async c => (
            await ScalarAsync<long>(c, null, "SELECT COUNT(*) FROM persons WHERE merged_into IS NULL", cancellationToken),
            await ScalarAsync<long>(c, null, "SELECT COUNT(*) FROM records", cancellationToken)), cancellationToken);

    /// <summary>The clock for rows the service does not time itself (link and review timestamps come from the audit draft's caller).</summary>
    protected TimeProvider Clock { get; init; } = TimeProvider.System;

    private DateTimeOffset Now => Clock.GetUtcNow();

    private static DateTimeOffset FromMillis(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static (string A, string B) Ordered(string x, string y) => string.CompareOrdinal(x, y) <= 0 ? (x, y) : (y, x);

    private static async Task<bool> InsertPairAsync(DbConnection c, DbTransaction? tx, string table, string x, string y, CancellationToken cancellationToken)
    {
        var (a, b) = Ordered(x, y);
        return await ExecuteAsync(c, tx, $"INSERT INTO {table} (spid_a, spid_b) VALUES (@a, @b) ON CONFLICT DO NOTHING", cancellationToken, ("a", a), ("b", b)) > 0;
    }

    private static Task<IReadOnlyList<string>> PairsAsync(DbConnection c, DbTransaction? tx, string table, string spid, CancellationToken cancellationToken) =>
        QueryAsync(c, tx, $"SELECT spid_b FROM {table} WHERE spid_a = @s UNION SELECT spid_a FROM {table} WHERE spid_b = @s", r => r.GetString(0), cancellationToken, ("s", spid));

    private static async Task WriteAuditAndOutboxAsync(DbConnection c, DbTransaction tx, DateTimeOffset at, IReadOnlyList<AuditDraft> audits, IReadOnlyList<OutboxDraft> outbox, CancellationToken cancellationToken)
    {
        var ms = at.ToUnixTimeMilliseconds();
        foreach (var a in audits)
        {
            await ExecuteAsync(c, tx, "INSERT INTO audit (at, action, member, reason, spid, other_spid) VALUES (@at, @action, @member, @reason, @spid, @other)", cancellationToken,
                ("at", ms), ("action", a.Action), ("member", a.Member), ("reason", a.Reason), ("spid", a.Spid), ("other", a.OtherSpid));
        }

        foreach (var m in outbox)
        {
            await ExecuteAsync(c, tx, "INSERT INTO outbox (receiver, message_id, payload, attempts, next_attempt_at, lease_until, delivered_at, created_at) VALUES (@receiver, @mid, @payload, 0, @at, NULL, NULL, @at)", cancellationToken,
                ("receiver", m.Receiver), ("mid", m.MessageId), ("payload", m.Payload), ("at", ms));
        }
    }

    private static async Task<PersonRow?> SinglePersonAsync(DbConnection c, string column, string value, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(c, null, $"SELECT spid, resource_id, merged_into, created_at FROM persons WHERE {column} = @v",
            r => new PersonRow(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), FromMillis(r.GetInt64(3))), cancellationToken, ("v", value));
        return rows.Count == 0 ? null : rows[0];
    }

    private static StoredIdentifier ReadIdentifier(DbDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetString(4));

    private static ReviewItem ReadReview(DbDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetDouble(3), r.GetString(4), r.GetString(5), FromMillis(r.GetInt64(6)));

    private static OutboxMessage ReadOutbox(DbDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt32(4), FromMillis(r.GetInt64(5)), r.IsDBNull(6) ? null : FromMillis(r.GetInt64(6)));

    private static IdentityRecord ReadRecord(DbDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Spid = r.GetString(1),
        Member = r.GetString(2),
        CreatedAt = FromMillis(r.GetInt64(3)),
        KhmerFamily = Text(r, 4),
        KhmerGiven = Text(r, 5),
        LatinFamily = Text(r, 6),
        LatinGiven = Text(r, 7),
        Sex = Text(r, 8),
        BirthDate = Text(r, 9),
        Village = Text(r, 10),
        KhmerId = Text(r, 11),
        LatinFamilyLetters = Text(r, 12),
        LatinGivenLetters = Text(r, 13),
        ContentDigest = r.GetString(14),
        ResourceJson = r.GetString(15),
    };

    private static string? Text(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    private static (string List, (string, object?)[] Parameters) InList(string prefix, IReadOnlyList<object> values)
    {
        var names = values.Select((_, i) => $"@{prefix}{i}").ToList();
        return (string.Join(", ", names), values.Select((v, i) => ($"{prefix}{i}", (object?)v)).ToArray());
    }

    private async Task<T> WithConnectionAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        var connection = await AcquireAsync(cancellationToken);
        try
        {
            return await work(connection);
        }
        finally
        {
            await ReleaseAsync(connection);
        }
    }

    protected async Task<T> WithTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        var connection = await AcquireAsync(cancellationToken);
        try
        {
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            var result = await work(connection, tx);
            await tx.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            await ReleaseAsync(connection);
        }
    }

    private static DbCommand Command(DbConnection c, DbTransaction? tx, string sql, (string Name, object? Value)[] parameters)
    {
        var command = c.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
        }

        return command;
    }

    protected static async Task<int> ExecuteAsync(DbConnection c, DbTransaction? tx, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(c, tx, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<T> ScalarAsync<T>(DbConnection c, DbTransaction? tx, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(c, tx, sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return (T)Convert.ChangeType(value!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<IReadOnlyList<T>> QueryAsync<T>(DbConnection c, DbTransaction? tx, string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(c, tx, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>
    /// The tables both engines share; <paramref name="identity"/> is the engine's auto-numbered key,
    /// <paramref name="recordsBySpid"/> the name and definition of the index of records by SPID (none: the engine builds it itself) and
    /// <paramref name="identifierKey"/> the identifiers' primary key (PostgreSQL makes both covering).
    /// </summary>
    protected static IReadOnlyList<string> CommonSchema(string identity, string withoutRowId, string? recordsBySpid, string identifierKey) =>
    [
        "CREATE TABLE IF NOT EXISTS persons (spid TEXT PRIMARY KEY, resource_id TEXT NOT NULL UNIQUE, merged_into TEXT NULL, created_at BIGINT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS ix_persons_merged_into ON persons (merged_into)",
        $"CREATE TABLE IF NOT EXISTS records (id {identity}, spid TEXT NOT NULL, member TEXT NOT NULL, created_at BIGINT NOT NULL, khmer_family TEXT NULL, khmer_given TEXT NULL, latin_family TEXT NULL, latin_given TEXT NULL, sex TEXT NULL, birth_date TEXT NULL, village TEXT NULL, khmer_id TEXT NULL, latin_family_letters TEXT NULL, latin_given_letters TEXT NULL, content_digest TEXT NOT NULL, resource_json TEXT NOT NULL)",
        .. recordsBySpid is null ? Array.Empty<string>() : [$"CREATE INDEX IF NOT EXISTS {recordsBySpid}"],
        $"CREATE TABLE IF NOT EXISTS identifiers (system TEXT NOT NULL, value TEXT NOT NULL, spid TEXT NOT NULL, record_id BIGINT NOT NULL, member TEXT NOT NULL, {identifierKey})",
        "CREATE INDEX IF NOT EXISTS ix_identifiers_spid ON identifiers (spid)",
        $"CREATE TABLE IF NOT EXISTS blocking_keys (key_hash BIGINT NOT NULL, record_id BIGINT NOT NULL, PRIMARY KEY (key_hash, record_id)){withoutRowId}",
        "CREATE TABLE IF NOT EXISTS links (spid_a TEXT NOT NULL, spid_b TEXT NOT NULL, PRIMARY KEY (spid_a, spid_b))",
        "CREATE INDEX IF NOT EXISTS ix_links_b ON links (spid_b)",
        "CREATE TABLE IF NOT EXISTS non_matches (spid_a TEXT NOT NULL, spid_b TEXT NOT NULL, PRIMARY KEY (spid_a, spid_b))",
        "CREATE INDEX IF NOT EXISTS ix_non_matches_b ON non_matches (spid_b)",
        $"CREATE TABLE IF NOT EXISTS review_items (id {identity}, spid TEXT NOT NULL, candidate_spid TEXT NOT NULL, weight DOUBLE PRECISION NOT NULL, field_scores TEXT NOT NULL, status TEXT NOT NULL, created_at BIGINT NOT NULL, resolved_at BIGINT NULL, resolved_by TEXT NULL)",
        "CREATE INDEX IF NOT EXISTS ix_review_items_status ON review_items (status, id)",
        $"CREATE TABLE IF NOT EXISTS audit (id {identity}, at BIGINT NOT NULL, action TEXT NOT NULL, member TEXT NOT NULL, reason TEXT NOT NULL, spid TEXT NOT NULL, other_spid TEXT NULL)",
        "CREATE INDEX IF NOT EXISTS ix_audit_spid ON audit (spid)",
        "CREATE INDEX IF NOT EXISTS ix_audit_other_spid ON audit (other_spid)",
        $"CREATE TABLE IF NOT EXISTS outbox (id {identity}, receiver TEXT NOT NULL, message_id TEXT NOT NULL UNIQUE, payload TEXT NOT NULL, attempts INTEGER NOT NULL, next_attempt_at BIGINT NOT NULL, lease_until BIGINT NULL, delivered_at BIGINT NULL, created_at BIGINT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS ix_outbox_due ON outbox (delivered_at, next_attempt_at)",
    ];

    /// <summary>A load with every index kept: each batch is checked as it is written, and stays written.</summary>
    private sealed class IndexedBulkLoad(SqlRegistryStore store) : IRegistryBulkLoad
    {
        public bool DefersIndexes => false;

        public Task LoadAsync(IReadOnlyList<RegistrationWrite> writes, CancellationToken cancellationToken = default) => store.BulkLoadAsync(writes, cancellationToken);

        public Task CompleteAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
