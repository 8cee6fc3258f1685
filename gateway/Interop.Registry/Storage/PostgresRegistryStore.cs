using System.Data.Common;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace Interop.Registry.Storage;

/// <summary>The server store: PostgreSQL through a pooled Npgsql data source, tables in the configured schema.</summary>
internal sealed partial class PostgresRegistryStore : SqlRegistryStore
{
    private const string UniqueViolation = "23505";

    /// <summary>The tables an initial load fills.</summary>
    private static readonly string[] LoadedTables = ["persons", "records", "identifiers", "blocking_keys"];

    /// <summary>
    /// Matching reads the features of hundreds of records a query. They are also kept in an index beside the id
    /// (index-only scans), about a quarter of a record's row: the Patient as received, most of the row, stays out of the
    /// pages matching reads, so a national registry's matching pages fit in memory. Each feature is at most
    /// <see cref="Identity.PatientFeatures.FeatureLength"/> characters, well within an index row.
    /// </summary>
    private const string FeaturesIndex = $"ON records (id) INCLUDE ({MatchedColumns})";

    /// <summary>
    /// Records by SPID, with their ids: scoring a probe against a person already known (an identifier it holds) reads
    /// the ids here and the features from <see cref="FeaturesIndex"/>, both index-only.
    /// </summary>
    private static readonly (string Name, string Definition) RecordsBySpid = ("ix_records_spid_id", "ON records (spid) INCLUDE (id)");

    /// <summary>
    /// The identifiers' key holds the rest of the row, so finding who holds an identifier is an index-only read
    /// (registries created before keep their plain key, and read the row).
    /// </summary>
    private const string IdentifierKey = "(system, value) INCLUDE (spid, record_id, member)";

    /// <summary>The keys an initial load defers: put back at start-up if a load was interrupted before building them.</summary>
    private static readonly (string Table, string Name, string Definition)[] DeferredKeys =
    [
        ("persons", "persons_pkey", "PRIMARY KEY (spid)"),
        ("persons", "persons_resource_id_key", "UNIQUE (resource_id)"),
        ("identifiers", "identifiers_pkey", $"PRIMARY KEY {IdentifierKey}"),
        ("blocking_keys", "blocking_keys_pkey", "PRIMARY KEY (key_hash, record_id)"),
    ];

    /// <summary>
    /// Indexes added after registries were first deployed, and what each replaces. A registry that lacks one (created
    /// before it, or whose earlier build was interrupted) builds it CONCURRENTLY after the start-up transaction: the
    /// registries already serving go on registering meanwhile (on a new registry the build is instant).
    /// </summary>
    private static readonly (string Name, string Definition, string? Replaces)[] LateIndexes =
    [
        (RecordsBySpid.Name, RecordsBySpid.Definition, "ix_records_spid"),
        ("ix_records_features", FeaturesIndex, null),
    ];

    /// <summary>The covering identifiers' key built beside a plain one, then swapped in as the key (registries created before it).</summary>
    private const string CoveringIdentifierKey = "identifiers_covering_key";

    /// <summary>The plain indexes an initial load defers (put back at start-up after an interrupted load, and when a load completes or is discarded).</summary>
    private static readonly (string Name, string Definition)[] DeferredIndexes =
    [
        RecordsBySpid,
        ("ix_identifiers_spid", "ON identifiers (spid)"),
        ("ix_persons_merged_into", "ON persons (merged_into)"),
        ("ix_records_features", FeaturesIndex),
    ];

    private static string RestoreKeys =>
        "DO $$ BEGIN " + string.Concat(DeferredKeys.Select(k =>
            $"IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = '{k.Table}'::regclass AND conname = '{k.Name}') THEN ALTER TABLE {k.Table} ADD CONSTRAINT {k.Name} {k.Definition}; END IF; ")) + "END $$";

    /// <summary>
    /// The advisory lock (first key; the second is the schema's hash) a process holds while its initial load into this
    /// registry is open: a start-up that finds a load's marker but can take the lock knows the load was interrupted.
    /// </summary>
    private const int LoadLock = 20353;

    private readonly NpgsqlDataSource _dataSource;

    private readonly string _schema;

    private readonly ILogger _logger;

    public PostgresRegistryStore(string connectionString, string schema, TimeProvider clock, ILogger? logger = null)
    {
        Clock = clock;
        _logger = logger ?? NullLogger.Instance;
        if (!schema.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new ArgumentException("Registry:Storage:Schema is letters, digits and '_' only.", nameof(schema));
        }

        _schema = schema;
        // Keepalives: an initial load's guard session sits idle for the whole load, and must not be cut as idle.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema };
        if (builder.KeepAlive == 0)
        {
            builder.KeepAlive = 30;
        }

        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        SchemaStatements =
        [
            // In the start-up transaction, behind a lock: registries starting together on a fresh database would race on
            // CREATE ... IF NOT EXISTS (PostgreSQL answers the loser with a unique violation in its catalog).
            "SELECT pg_advisory_xact_lock(20352, 0)",
            $"CREATE SCHEMA IF NOT EXISTS {schema}",
            .. CommonSchema("BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", string.Empty, recordsBySpid: null, $"PRIMARY KEY {IdentifierKey}").Select(OnlyWhenMissing),
            "CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$",
            // Only when missing: dropping and creating it again at every start locked the audit trail (ACCESS EXCLUSIVE).
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = 'audit'::regclass AND tgname = 'audit_append_only') THEN "
                + "CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit FOR EACH ROW EXECUTE FUNCTION audit_append_only(); END IF; END $$",
            InitialLoadTable,
            RestoreKeys,
        ];
    }

    protected override IReadOnlyList<string> SchemaStatements { get; }

    /// <summary>
    /// <c>CREATE INDEX IF NOT EXISTS</c> locks its table (SHARE) before it looks for the index: at every start it would
    /// queue behind another registry's concurrent build on that table, and the writes behind it. Asked of the catalog
    /// first, the index is created only when missing, and an existing table is not locked.
    /// </summary>
    private static string OnlyWhenMissing(string statement) =>
        Regex.Match(statement, "^CREATE INDEX IF NOT EXISTS (\\w+) ") is { Success: true } index
            ? $"DO $$ BEGIN IF to_regclass('{index.Groups[1].Value}') IS NULL THEN EXECUTE '{statement.Replace("'", "''", StringComparison.Ordinal)}'; END IF; END $$"
            : statement;

    /// <summary>The marker of an initial load with deferred keys: one row while it is open.</summary>
    private const string InitialLoadTable =
        "CREATE TABLE IF NOT EXISTS initial_load (id INTEGER PRIMARY KEY CHECK (id = 1), started_at BIGINT NOT NULL, owner TEXT NOT NULL, holder_pid INTEGER NOT NULL)";

    /// <summary>
    /// Discards an interrupted initial load first (all or nothing: the registry was empty before it), then makes the
    /// schema, then builds the indexes the registry lacks (<see cref="LateIndexes"/>) without blocking writes. A start
    /// while another process's load is open is refused: the load must complete first.
    /// </summary>
    public override async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        // The load lock is held through start-up: no load can begin, or complete, between the look at its marker and
        // the schema statements (which put keys and indexes back). Another registry starting holds it for as long.
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var waitingSince = Clock.GetUtcNow();
        while (!await TryLockAsync(connection, cancellationToken))
        {
            // Held by the load's own guard session: a load is running. Held by anyone else: a registry is starting (perhaps
            // discarding an interrupted load), so wait for it.
            if (await ReadLoadMarkerAsync(connection, cancellationToken) is { } running && await HoldsLoadLockAsync(connection, running.HolderPid, cancellationToken)
                && Clock.GetUtcNow() - waitingSince > TimeSpan.FromSeconds(5))
            {
                throw new InvalidOperationException(
                    $"An initial load into this registry is running (begun {running.StartedAt:yyyy-MM-dd HH:mm:ss} UTC by {running.Owner}): start the registry once it has completed.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }

        try
        {
            if (await ReadLoadMarkerAsync(connection, cancellationToken) is { } interrupted)
            {
                await DiscardInterruptedLoadAsync(connection, interrupted, cancellationToken);
            }

            await base.InitializeAsync(cancellationToken);
        }
        finally
        {
            await UnlockAsync(connection);
        }

        // Outside the load lock: registrations at the registries already serving are not refused for a build's minutes.
        await BuildLateIndexesAsync(connection, cancellationToken);
    }

    /// <summary>
    /// Builds each of <see cref="LateIndexes"/> the registry lacks (or holds invalid, from a build that was interrupted)
    /// with <c>CREATE INDEX CONCURRENTLY</c>, drops what it replaces, and makes a plain identifiers' key covering: minutes
    /// on a national registry, while writes go on. One registry builds at a time; another starting meanwhile waits.
    /// </summary>
    private async Task BuildLateIndexesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        // Polled, not waited on: a statement waiting for the lock would hold a snapshot the other's build must wait out.
        while (!await TryLockAsync(connection, cancellationToken, BuildLock))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }

        try
        {
            foreach (var (name, definition, replaces) in LateIndexes)
            {
                await EnsureIndexAsync(connection, name, $"CREATE INDEX CONCURRENTLY {name} {definition}", cancellationToken);
                if (replaces is not null)
                {
                    await MaintainAsync(connection, $"DROP INDEX CONCURRENTLY IF EXISTS {replaces}", cancellationToken);
                }
            }

            switch (await IndexFactAsync(connection, "identifiers_pkey", "i.indnatts > i.indnkeyatts", cancellationToken))
            {
                case false:
                    await EnsureIndexAsync(connection, CoveringIdentifierKey, $"CREATE UNIQUE INDEX CONCURRENTLY {CoveringIdentifierKey} ON identifiers {IdentifierKey}", cancellationToken);
                    await SwapIdentifierKeyAsync(connection, cancellationToken);
                    break;
                case true:
                    // Covering already (a new registry, or one whose key a load put back): a covering index left beside it goes.
                    await MaintainAsync(connection, $"DROP INDEX CONCURRENTLY IF EXISTS {CoveringIdentifierKey}", cancellationToken);
                    break;
                default:
                    break; // no key at all: an initial load has just begun and dropped it; it puts the covering key back itself
            }
        }
        finally
        {
            await UnlockAsync(connection, BuildLock);
        }
    }

    /// <summary>Builds an index the registry lacks; one left invalid by an interrupted build is dropped and built again.</summary>
    private async Task EnsureIndexAsync(NpgsqlConnection connection, string name, string create, CancellationToken cancellationToken)
    {
        switch (await IndexFactAsync(connection, name, "i.indisvalid", cancellationToken))
        {
            case true:
                return;
            case false:
                await MaintainAsync(connection, $"DROP INDEX CONCURRENTLY IF EXISTS {name}", cancellationToken);
                break;
        }

        LogBuildingIndex(_logger, name);
        var started = Stopwatch.GetTimestamp();
        await MaintainAsync(connection, create, cancellationToken);
        LogIndexBuilt(_logger, name, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>
    /// A fact of an index of this schema from the catalog (<paramref name="fact"/> over <c>pg_index i</c>: whether it is
    /// valid, <c>i.indisvalid</c>; whether it holds columns beside its key, <c>i.indnatts &gt; i.indnkeyatts</c>);
    /// <see langword="null"/> when there is no such index.
    /// </summary>
    private async Task<bool?> IndexFactAsync(NpgsqlConnection connection, string name, string fact, CancellationToken cancellationToken)
    {
        await using var query = new NpgsqlCommand($"SELECT {fact} FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = @name AND c.relnamespace = to_regnamespace(@schema)", connection);
        query.Parameters.AddWithValue("name", name);
        query.Parameters.AddWithValue("schema", _schema);
        return await query.ExecuteScalarAsync(cancellationToken) as bool?;
    }

    /// <summary>
    /// The covering index becomes the identifiers' key (renamed to it) in one short transaction. Reads and writes of
    /// identifiers queue behind the swap while it waits for the table, so it waits at most a second, three times a few
    /// seconds apart: behind a long transaction the swap is left to the next start, the covering index kept.
    /// </summary>
    private async Task SwapIdentifierKeyAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            try
            {
                foreach (var sql in new[]
                {
                    "SET LOCAL lock_timeout = '1s'",
                    "ALTER TABLE identifiers DROP CONSTRAINT identifiers_pkey",
                    $"ALTER TABLE identifiers ADD CONSTRAINT identifiers_pkey PRIMARY KEY USING INDEX {CoveringIdentifierKey}",
                })
                {
                    await using var command = new NpgsqlCommand(sql, connection, transaction);
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                LogKeySwapped(_logger);
                return;
            }
            catch (PostgresException e) when (e.SqlState == "55P03")
            {
                await transaction.RollbackAsync(CancellationToken.None);
                if (attempt == 3)
                {
                    LogKeySwapDeferred(_logger);
                    return;
                }
            }

            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        }
    }

    /// <summary>The advisory lock (first key) a registry holds while it builds the indexes its schema lacks.</summary>
    private const int BuildLock = 20354;

    /// <summary>A maintenance statement: building the keys and indexes of a national registry takes minutes, so no command timeout.</summary>
    private static async Task MaintainAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, EventName = "InitialLoadDiscarded", Message = "An initial load begun {StartedAt:u} by {Owner} was interrupted before it completed: its {Records} records were discarded (all or nothing); run it again")]
    private static partial void LogLoadDiscarded(ILogger logger, DateTimeOffset startedAt, string owner, long records);

    [LoggerMessage(Level = LogLevel.Information, EventName = "IndexBuilding", Message = "Building index {Index}, which this registry lacks, concurrently: registrations go on meanwhile; this start waits for it")]
    private static partial void LogBuildingIndex(ILogger logger, string index);

    [LoggerMessage(Level = LogLevel.Information, EventName = "IndexBuilt", Message = "Index {Index} built in {Seconds:F1} s")]
    private static partial void LogIndexBuilt(ILogger logger, string index, double seconds);

    [LoggerMessage(Level = LogLevel.Information, EventName = "IdentifierKeyCovering", Message = "The identifiers' key is now covering: finding who holds an identifier reads the index only")]
    private static partial void LogKeySwapped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, EventName = "IdentifierKeySwapDeferred", Message = "The identifiers' key was not swapped for its covering index: the table stayed busy (three waits of a second); the next start tries again")]
    private static partial void LogKeySwapDeferred(ILogger logger);

    /// <summary>
    /// While an initial load is open its keys are dropped: a registration then could duplicate a person or an
    /// identifier unseen, and a link, merge or review decision would rewrite rows the load is still writing beside, so
    /// each is refused (the caller retries once the load has completed).
    /// </summary>
    protected override async Task EnsureWritableAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        // Shared with every other registration, exclusive against a load's guard (and a starting registry): held to the
        // end of this transaction, so a load cannot begin between this check and the write.
        await using var loading = SchemaLockCommand("SELECT pg_try_advisory_xact_lock_shared(@lock, hashtext(@schema))", (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        if (!(bool)(await loading.ExecuteScalarAsync(cancellationToken))!)
        {
            throw new RegistryUnavailableException("An initial load into the registry is running, or a registry on it is starting: registrations, links, merges and review decisions are refused until it has completed. Retry later.");
        }
    }

    /// <summary>The marker of an open (or interrupted) initial load, if any.</summary>
    private static async Task<(DateTimeOffset StartedAt, string Owner, int HolderPid)?> ReadLoadMarkerAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('initial_load') IS NOT NULL", connection))
        {
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
            {
                return null; // a new registry, or one created before the marker existed
            }
        }

        await using var read = new NpgsqlCommand("SELECT started_at, owner, holder_pid FROM initial_load WHERE id = 1", connection);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), reader.GetString(1), reader.GetInt32(2)) : null;
    }

    /// <summary>Whether the backend <paramref name="pid"/> (a load's guard session) holds this registry's load lock.</summary>
    private async Task<bool> HoldsLoadLockAsync(NpgsqlConnection connection, int pid, CancellationToken cancellationToken)
    {
        await using var held = SchemaLockCommand("SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = @lock AND objid = hashtext(@schema)::oid AND pid = @pid AND granted)", connection);
        held.Parameters.AddWithValue("pid", pid);
        return (bool)(await held.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>A load whose process stopped (its lock is free, its marker is not): all or nothing, so nothing of it is kept.</summary>
    private async Task DiscardInterruptedLoadAsync(NpgsqlConnection connection, (DateTimeOffset StartedAt, string Owner, int HolderPid) load, CancellationToken cancellationToken)
    {
        long records;
        await using (var count = new NpgsqlCommand("SELECT count(*) FROM records", connection) { CommandTimeout = 0 })
        {
            records = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }

        await EmptyLoadedTablesAsync(connection, cancellationToken);
        await MaintainAsync(connection, "DELETE FROM initial_load", cancellationToken);
        LogLoadDiscarded(_logger, load.StartedAt, load.Owner, records);
    }

    /// <summary>What discarding a load leaves, whichever way it is discarded: the loaded tables empty, with their keys, indexes and autovacuum back.</summary>
    private static async Task EmptyLoadedTablesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await MaintainAsync(connection, $"TRUNCATE {string.Join(", ", LoadedTables)}", cancellationToken);
        await MaintainAsync(connection, RestoreKeys, cancellationToken);
        await RestoreIndexesAsync(connection, cancellationToken);
    }

    /// <summary>The deferred plain indexes built, and autovacuum back on the loaded tables.</summary>
    private static async Task RestoreIndexesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        foreach (var (name, definition) in DeferredIndexes)
        {
            await MaintainAsync(connection, $"CREATE INDEX IF NOT EXISTS {name} {definition}", cancellationToken);
        }

        foreach (var table in LoadedTables)
        {
            await MaintainAsync(connection, $"ALTER TABLE {table} RESET (autovacuum_enabled)", cancellationToken);
        }
    }

    /// <summary>
    /// A command on one of this registry's advisory locks (<see cref="LoadLock"/> by default, or <see cref="BuildLock"/>):
    /// <c>@lock</c> and <c>@schema</c> name it (<c>(@lock, hashtext(@schema))</c>).
    /// </summary>
    private NpgsqlCommand SchemaLockCommand(string sql, NpgsqlConnection connection, NpgsqlTransaction? transaction = null, int key = LoadLock)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("lock", key);
        command.Parameters.AddWithValue("schema", _schema);
        return command;
    }

    /// <summary>Takes one of this registry's session locks if it is free.</summary>
    private async Task<bool> TryLockAsync(NpgsqlConnection connection, CancellationToken cancellationToken, int key = LoadLock)
    {
        await using var command = SchemaLockCommand("SELECT pg_try_advisory_lock(@lock, hashtext(@schema))", connection, key: key);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Releases one of this registry's session locks: explicitly, since a pooled connection keeps its session, and the lock with it, when closed.</summary>
    private async Task UnlockAsync(NpgsqlConnection connection, int key = LoadLock)
    {
        await using var command = SchemaLockCommand("SELECT pg_advisory_unlock(@lock, hashtext(@schema))", connection, key: key);
        await command.ExecuteNonQueryAsync();
    }

    protected override async ValueTask<DbConnection> AcquireAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    protected override async ValueTask ReleaseAsync(DbConnection connection) => await connection.DisposeAsync();

    protected override bool IsUniqueViolation(DbException exception, out bool spidTaken)
    {
        var postgres = exception as PostgresException;
        spidTaken = postgres?.TableName == "persons";
        return postgres?.SqlState == UniqueViolation;
    }

    /// <summary>
    /// Loads with binary COPY, one per table (record ids reserved from the identity sequence first): the bulk path of
    /// a national load. Batches that also queue reviews, audit lines or notifications take the row-by-row path.
    /// </summary>
    public override async Task BulkLoadAsync(IReadOnlyList<RegistrationWrite> writes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        if (!writes.All(IsPlainNewPerson))
        {
            await base.BulkLoadAsync(writes, cancellationToken);
            return;
        }

        try
        {
            await CopyAsync(writes, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == UniqueViolation)
        {
            throw new RegistryConflictException("A SPID or an identifier of the batch is already taken; nothing of the batch was written.", e) { SpidTaken = e.TableName == "persons" };
        }
    }

    /// <summary>
    /// Reads the four indexes matching reads, whole, with index-only scans (no extension needed, unlike
    /// <c>pg_prewarm</c>): the blocking keys, the identifiers, the records' features and the records by SPID.
    /// </summary>
    public override async Task<long> WarmAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        foreach (var setting in new[] { "SET enable_seqscan = off", "SET enable_bitmapscan = off" })
        {
            await using var set = new NpgsqlCommand(setting, connection);
            await set.ExecuteNonQueryAsync(cancellationToken);
        }

        var entries = 0L;
        // Each count names columns only its index holds, so the planner reads that index; coalesce counts NULL villages too.
        string[] scans =
        [
            "SELECT count(record_id) FROM blocking_keys",
            "SELECT count(value) FROM identifiers",
            "SELECT count(coalesce(village, spid)) FROM records",
            "SELECT count(id) FROM records WHERE spid >= ''",
        ];
        foreach (var scan in scans)
        {
            await using var read = new NpgsqlCommand(scan, connection) { CommandTimeout = 0 };
            entries += (long)(await read.ExecuteScalarAsync(cancellationToken))!;
        }

        return entries;
    }

    /// <summary>
    /// Into an empty registry: drops the unique keys and secondary indexes and pauses autovacuum on the loaded tables,
    /// so batches are plain appends (binary COPY) from as many workers as there are cores; <see cref="IRegistryBulkLoad.CompleteAsync"/>
    /// builds them once, sorted, in parallel. Into a registry that holds people: batches keep every index.
    /// </summary>
    public override async Task<IRegistryBulkLoad> BeginBulkLoadAsync(CancellationToken cancellationToken = default)
    {
        // The guard: held for as long as the load is open, released if this process stops (its session ends).
        var guard = await _dataSource.OpenConnectionAsync(cancellationToken);
        var locked = false;
        try
        {
            // Waits a little for registrations under way (they hold the lock shared, briefly), not for another load.
            for (var attempt = 0; !(locked = await TryLockAsync(guard, cancellationToken)); attempt++)
            {
                if (attempt == 50)
                {
                    throw new InvalidOperationException("Another initial load into this registry is running, or a registry on it is starting.");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }

            await using (var empty = new NpgsqlCommand("SELECT NOT EXISTS (SELECT 1 FROM persons) AND NOT EXISTS (SELECT 1 FROM records)", guard))
            {
                if (!(bool)(await empty.ExecuteScalarAsync(cancellationToken))!)
                {
                    await UnlockAsync(guard);
                    await guard.DisposeAsync();
                    return await base.BeginBulkLoadAsync(cancellationToken);
                }
            }

            await using (var tx = await guard.BeginTransactionAsync(cancellationToken))
            {
                foreach (var (table, name, _) in DeferredKeys)
                {
                    await ExecuteAsync(guard, tx, $"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}", cancellationToken);
                }

                foreach (var (name, _) in DeferredIndexes)
                {
                    await ExecuteAsync(guard, tx, $"DROP INDEX IF EXISTS {name}", cancellationToken);
                }

                foreach (var table in LoadedTables)
                {
                    await ExecuteAsync(guard, tx, $"ALTER TABLE {table} SET (autovacuum_enabled = false)", cancellationToken);
                }

                await using (var mark = new NpgsqlCommand("INSERT INTO initial_load (id, started_at, owner, holder_pid) VALUES (1, @at, @owner, pg_backend_pid())", guard, tx))
                {
                    mark.Parameters.AddWithValue("at", Clock.GetUtcNow().ToUnixTimeMilliseconds());
                    mark.Parameters.AddWithValue("owner", $"{Environment.MachineName} process {Environment.ProcessId}");
                    await mark.ExecuteNonQueryAsync(cancellationToken);
                }

                await tx.CommitAsync(cancellationToken);
            }

            return new DeferredBulkLoad(this, guard);
        }
        catch
        {
            if (locked)
            {
                await UnlockAsync(guard);
            }

            await guard.DisposeAsync();
            throw;
        }
    }

    /// <summary>A new person with nothing else to write (no review, audit line or notification): what COPY can load.</summary>
    private static bool IsPlainNewPerson(RegistrationWrite write) =>
        write.NewPerson is not null && write.Reviews.Count == 0 && write.Audits.Count == 0 && write.Outbox.Count == 0;

    /// <summary>Writes new persons with binary COPY, one per table, in one transaction (record ids reserved from the identity sequence first).</summary>
    private Task CopyAsync(IReadOnlyList<RegistrationWrite> writes, CancellationToken cancellationToken) =>
        WithTransactionAsync(async (c, tx) =>
        {
            var connection = (NpgsqlConnection)c;
            var ids = new List<long>(writes.Count);
            await using (var reserve = new NpgsqlCommand("SELECT nextval(pg_get_serial_sequence('records', 'id')) FROM generate_series(1, @n)", connection, (NpgsqlTransaction)tx))
            {
                reserve.Parameters.AddWithValue("n", writes.Count);
                await using var reader = await reserve.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    ids.Add(reader.GetInt64(0));
                }
            }

            await using (var persons = await connection.BeginBinaryImportAsync("COPY persons (spid, resource_id, created_at) FROM STDIN (FORMAT BINARY)", cancellationToken))
            {
                foreach (var w in writes)
                {
                    await persons.WriteRowAsync(cancellationToken, w.NewPerson!.Spid, w.NewPerson.ResourceId, w.NewPerson.CreatedAt.ToUnixTimeMilliseconds());
                }

                await persons.CompleteAsync(cancellationToken);
            }

            await using (var records = await connection.BeginBinaryImportAsync(
                "COPY records (id, spid, member, created_at, khmer_family, khmer_given, latin_family, latin_given, sex, birth_date, village, khmer_id, latin_family_letters, latin_given_letters, content_digest, resource_json) FROM STDIN (FORMAT BINARY)",
                cancellationToken))
            {
                for (var i = 0; i < writes.Count; i++)
                {
                    var r = writes[i].Record;
                    await records.StartRowAsync(cancellationToken);
                    await records.WriteAsync(ids[i], NpgsqlDbType.Bigint, cancellationToken);
                    foreach (var text in new[] { r.Spid, r.Member })
                    {
                        await records.WriteAsync(text, NpgsqlDbType.Text, cancellationToken);
                    }

                    await records.WriteAsync(r.CreatedAt.ToUnixTimeMilliseconds(), NpgsqlDbType.Bigint, cancellationToken);
                    foreach (var text in new[] { r.KhmerFamily, r.KhmerGiven, r.LatinFamily, r.LatinGiven, r.Sex, r.BirthDate, r.Village, r.KhmerId, r.LatinFamilyLetters, r.LatinGivenLetters, r.ContentDigest, r.ResourceJson })
                    {
                        if (text is null)
                        {
                            await records.WriteNullAsync(cancellationToken);
                        }
                        else
                        {
                            await records.WriteAsync(text, NpgsqlDbType.Text, cancellationToken);
                        }
                    }
                }

                await records.CompleteAsync(cancellationToken);
            }

            await using (var identifiers = await connection.BeginBinaryImportAsync("COPY identifiers (system, value, spid, record_id, member) FROM STDIN (FORMAT BINARY)", cancellationToken))
            {
                for (var i = 0; i < writes.Count; i++)
                {
                    foreach (var (system, value) in writes[i].Identifiers)
                    {
                        await identifiers.WriteRowAsync(cancellationToken, system, value, writes[i].Record.Spid, ids[i], writes[i].Record.Member);
                    }
                }

                await identifiers.CompleteAsync(cancellationToken);
            }

            await using (var keys = await connection.BeginBinaryImportAsync("COPY blocking_keys (key_hash, record_id) FROM STDIN (FORMAT BINARY)", cancellationToken))
            {
                for (var i = 0; i < writes.Count; i++)
                {
                    foreach (var key in writes[i].BlockingKeys.Distinct())
                    {
                        await keys.WriteRowAsync(cancellationToken, key, ids[i]);
                    }
                }

                await keys.CompleteAsync(cancellationToken);
            }

            return true;
        }, cancellationToken);

    public override async Task<IAsyncDisposable> LockRegistrationsAsync(IReadOnlyList<int> stripes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stripes);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            // Two-key advisory locks: the first key names the registry's lock space, the second the stripe. All in one
            // round trip (one a stripe cost a registration a fifth of its time), taken in ascending order as two holders
            // must: the sorted subquery is not flattened, and feeds the aggregate its rows in order.
            await using (var command = new NpgsqlCommand("SELECT count(pg_advisory_lock(20351, s)) FROM (SELECT DISTINCT unnest(@stripes) AS s ORDER BY s) ordered", connection))
            {
                command.Parameters.AddWithValue("stripes", stripes.ToArray());
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            return new AdvisoryLocks(connection);
        }
        catch
        {
            // A statement cancelled part way keeps the locks it had taken; the pool would keep them with the session.
            await new AdvisoryLocks(connection).DisposeAsync();
            throw;
        }
    }

    public override async ValueTask DisposeAsync() => await _dataSource.DisposeAsync();

    /// <summary>
    /// An initial load into an empty registry with keys and indexes deferred: batches are COPY appends; completing
    /// builds the keys (a duplicate SPID or identifier discards the whole load), the indexes, and the statistics and
    /// visibility map (so blocking-key probes are index-only scans from the first query).
    /// </summary>
    private sealed class DeferredBulkLoad(PostgresRegistryStore store, NpgsqlConnection guard) : IRegistryBulkLoad
    {
        private bool _completed;

        private bool _lockLost;

        public bool DefersIndexes => true;

        public Task LoadAsync(IReadOnlyList<RegistrationWrite> writes, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(writes);
            if (!writes.All(IsPlainNewPerson))
            {
                throw new ArgumentException("An initial load writes new persons only: no reviews, audit lines or notifications.", nameof(writes));
            }

            return store.CopyAsync(writes, cancellationToken);
        }

        /// <summary>
        /// The guard's session must live through the load: had it ended (a cut connection), a registry starting meanwhile
        /// could have taken the lock and emptied the tables under the load, or another load begun. Then this load is
        /// neither completed nor discarded by this process: the registry is no longer its own.
        /// </summary>
        private async Task EnsureLockHeldAsync(CancellationToken cancellationToken)
        {
            bool held;
            try
            {
                held = await store.HoldsLoadLockAsync(guard, guard.ProcessID, cancellationToken);
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                held = false;
            }

            if (!held)
            {
                _lockLost = true;
                throw new InvalidOperationException("The initial load lost its lock on the registry (its guard session ended): it was not completed; run it again.");
            }
        }

        public async Task CompleteAsync(CancellationToken cancellationToken = default)
        {
            await EnsureLockHeldAsync(cancellationToken);
            await using var connection = await store._dataSource.OpenConnectionAsync(cancellationToken);

            // Sorted builds with the memory and workers of a maintenance window, for this session only.
            await MaintainAsync(connection, "SET maintenance_work_mem = '1GB'", cancellationToken);
            await MaintainAsync(connection, "SET max_parallel_maintenance_workers = 4", cancellationToken);
            try
            {
                foreach (var (table, name, definition) in DeferredKeys)
                {
                    await MaintainAsync(connection, $"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}", cancellationToken);
                }
            }
            catch (PostgresException e) when (e.SqlState == UniqueViolation)
            {
                await DiscardAsync(CancellationToken.None);
                throw new RegistryConflictException($"The load holds a {(e.TableName == "persons" ? "SPID" : "key")} twice ({e.ConstraintName}); nothing of it was kept.", e)
                {
                    SpidTaken = e.TableName == "persons",
                };
            }

            await RestoreIndexesAsync(connection, cancellationToken);
            await MaintainAsync(connection, $"VACUUM (ANALYZE) {string.Join(", ", LoadedTables)}", cancellationToken);
            await EnsureLockHeldAsync(cancellationToken); // builds take minutes: still ours at the end?
            await CloseAsync();
        }

        public async ValueTask DisposeAsync()
        {
            if (_lockLost)
            {
                await guard.DisposeAsync(); // not ours to discard any more
            }
            else if (!_completed)
            {
                await DiscardAsync(CancellationToken.None);
            }
        }

        /// <summary>All or nothing: the registry was empty before the load, and is again, with its keys.</summary>
        private async Task DiscardAsync(CancellationToken cancellationToken)
        {
            try
            {
                await EnsureLockHeldAsync(cancellationToken);
            }
            catch (InvalidOperationException)
            {
                await guard.DisposeAsync();
                return;
            }

            await using var connection = await store._dataSource.OpenConnectionAsync(cancellationToken);
            await EmptyLoadedTablesAsync(connection, cancellationToken);
            await CloseAsync();
        }

        /// <summary>The load is over (completed or discarded): its marker goes, and the guard's lock with its session.</summary>
        private async Task CloseAsync()
        {
            try
            {
                await MaintainAsync(guard, "DELETE FROM initial_load", CancellationToken.None); // on the guard: only while the lock is ours
                _completed = true;
            }
            finally
            {
                try
                {
                    await store.UnlockAsync(guard);
                }
                catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
                {
                    // The guard's session is gone already, and its lock with it.
                }

                await guard.DisposeAsync();
            }
        }
    }

    /// <summary>Session advisory locks, released with the session.</summary>
    private sealed class AdvisoryLocks(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using (connection)
            {
                try
                {
                    await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection);
                    await unlock.ExecuteNonQueryAsync();
                }
                catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
                {
                    // The connection is broken, so it is not pooled again. Its server session keeps what it holds until it
                    // notices (at the latest when a wait ends): ascending order keeps that from deadlocking.
                }
            }
        }
    }
}
