using Interop.Gateway.Transactions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;
using Task = System.Threading.Tasks.Task;

namespace Interop.Gateway.Tests.Transactions;

/// <summary>The same guarantees from the embedded SQLite log and the PostgreSQL log several instances share.</summary>
public sealed class TransactionStoreTests : IDisposable
{
    private readonly List<Action> _cleanup = [];

    public void Dispose()
    {
        foreach (var clean in _cleanup)
        {
            clean();
        }
    }

    private (ITransactionStore Store, Func<string, Task> Sql) Create(string kind, string bodies = TransactionLogOptions.NeededBodies)
    {
        if (kind.StartsWith("sqlite", StringComparison.Ordinal))
        {
            var file = Path.Combine(Path.GetTempPath(), "tx-" + Guid.NewGuid().ToString("N") + ".db");
            var options = Options.Create(new TransactionLogOptions { ConnectionString = $"Data Source={file}", Bodies = bodies });
            SqlTransactionStore store = kind == "sqlite-group-commit" ? new GroupCommitSqliteStore(options) : new SqliteTransactionStore(options);
            _cleanup.Add(() => { ((IDisposable)store).Dispose(); SqliteConnection.ClearAllPools(); File.Delete(file); });
            return (store, async sql =>
            {
                await using var connection = new SqliteConnection($"Data Source={file}");
                await connection.OpenAsync();
                await using var command = new SqliteCommand(sql, connection);
                await command.ExecuteNonQueryAsync();
            });
        }

        var database = new PostgresTestDatabase("interop_tx");
        var connectionString = database.ConnectionString;
        var pg = new PostgresTransactionStore(Options.Create(new TransactionLogOptions { Provider = "postgres", ConnectionString = connectionString, Bodies = bodies }));
        _cleanup.Add(() =>
        {
            pg.Dispose();
            database.Dispose();
        });
        return (pg, async sql =>
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        });
    }

    internal static TransactionRecord Record(string id, string status = "completed", string? key = null) => new()
    {
        Id = id,
        ReceivedAt = new DateTimeOffset(2025, 2, 14, 9, 30, 0, TimeSpan.FromHours(7)),
        Sender = "KH/GOV/MOH/PMRS-120101",
        Adapter = "pmrs",
        AdapterVersion = "1.0.0",
        Operation = "visit-submit",
        Method = "POST",
        Path = "/api/v1/external/visits",
        IdempotencyKey = key,
        Status = status,
        HttpStatus = status == "failed" ? 503 : 202,
        RequestDigest = "sha-256=abc",
        ResponseDigest = "sha-256=def",
        Upstreams = ["KH/GOV/MOH/PCA"],
        TimingsMs = new Dictionary<string, double> { ["total"] = 12.5 },
        RemovedPaths = ["register: Patient.extension('x')"],
        RequestContentType = "application/json",
        RequestBody = [1, 2, 3],
        ResponseContentType = "application/json",
        ResponseBody = [4, 5],
        RequestHeaders = new Dictionary<string, string> { ["X-Facility-Code"] = "120101" },
        RouteValues = new Dictionary<string, string> { ["visit_code"] = "V1" },
        Query = "a=1",
    };

    [Theory]
    [PostgresStore]
    public async Task InstancesStartingTogetherOnAFreshDatabase_AllCreateTheLogWithoutError(string kind)
    {
        Assert.Equal("postgres", kind);
        for (var round = 0; round < 3; round++)
        {
            using var database = new PostgresTestDatabase("interop_start");
            var options = Options.Create(new TransactionLogOptions { Provider = "postgres", ConnectionString = database.ConnectionString });
            using var start = new Barrier(4);

            // Without the schema lock the losers fail: "duplicate key value violates unique constraint pg_type_typname_nsp_index".
            var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            {
                start.SignalAndWait();
                return new PostgresTransactionStore(options);
            })));

            await stores[0].AppendAsync(Record("t1"), CancellationToken.None);
            Assert.NotNull(await stores[3].GetAsync("t1", CancellationToken.None));
            foreach (var store in stores)
            {
                store.Dispose();
            }
        }
    }

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task Append_ThenGet_GivesTheRecordBackWithItsChainHash(string kind)
    {
        var (store, _) = Create(kind);

        var stored = await store.AppendAsync(Record("t1", "failed"), CancellationToken.None);
        var read = await store.GetAsync("t1", CancellationToken.None);

        Assert.NotNull(read);
        Assert.Equal(stored.Hash, read.Hash);
        Assert.Null(read.PreviousHash);
        Assert.Equal([1, 2, 3], read.RequestBody);
        Assert.Equal("120101", read.RequestHeaders["X-Facility-Code"]);
        Assert.Equal(12.5, read.TimingsMs["total"]);
        Assert.Equal(stored.ReceivedAt, read.ReceivedAt);
    }

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task Bodies_AreKeptOnlyWhereNeeded_UnlessAllAreAllowed(string kind)
    {
        var (store, _) = Create(kind);
        var answered = await store.AppendAsync(Record("done"), CancellationToken.None);
        await store.AppendAsync(Record("failed", "failed"), CancellationToken.None);
        await store.AppendAsync(Record("keyed", key: "KH/GOV/MOH/PMRS-120101|V1"), CancellationToken.None);

        // The caller is still answered with the body; the log keeps digests, and bodies only for a re-run or a retry.
        Assert.Equal([4, 5], answered.ResponseBody);
        var done = (await store.GetAsync("done", CancellationToken.None))!;
        Assert.Equal((0, 0), (done.RequestBody.Length, done.ResponseBody.Length));
        Assert.Equal("sha-256=abc", done.RequestDigest);
        var failed = (await store.GetAsync("failed", CancellationToken.None))!;
        Assert.Equal([1, 2, 3], failed.RequestBody);
        Assert.Empty(failed.ResponseBody);
        var keyed = (await store.GetAsync("keyed", CancellationToken.None))!;
        Assert.Empty(keyed.RequestBody);
        Assert.Equal([4, 5], keyed.ResponseBody);
        Assert.Null(await store.VerifyChainAsync(CancellationToken.None));

        var (all, _) = Create(kind, TransactionLogOptions.AllBodies);
        await all.AppendAsync(Record("kept"), CancellationToken.None);
        var kept = (await all.GetAsync("kept", CancellationToken.None))!;
        Assert.Equal([1, 2, 3], kept.RequestBody);
        Assert.Equal([4, 5], kept.ResponseBody);
    }

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task Append_ConcurrentlyFromManyRequests_KeepsOneUnbrokenChain(string kind)
    {
        var (store, _) = Create(kind);

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => store.AppendAsync(Record("t" + i), CancellationToken.None)));

        Assert.Null(await store.VerifyChainAsync(CancellationToken.None));
        Assert.Equal(40, (await store.ListAsync(new TransactionQuery { Limit = 100 }, CancellationToken.None)).Count);
    }

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task Chain_RecordAlteredBehindTheStoresBack_IsReportedAtThatRecord(string kind)
    {
        var (store, sql) = Create(kind);
        await store.AppendAsync(Record("t1"), CancellationToken.None);
        await store.AppendAsync(Record("t2"), CancellationToken.None);
        await store.AppendAsync(Record("t3"), CancellationToken.None);

        await sql(kind != "postgres"
            ? "DROP TRIGGER transactions_append_only_update; UPDATE transactions SET sender = 'KH/GOV/X/Y' WHERE id = 't2'"
            : "ALTER TABLE interop_transactions DISABLE TRIGGER interop_transactions_append_only; UPDATE interop_transactions SET sender = 'KH/GOV/X/Y' WHERE id = 't2'");

        Assert.Equal("t2", await store.VerifyChainAsync(CancellationToken.None));
    }

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task Log_RefusesUpdatesAndDeletes(string kind)
    {
        var (store, sql) = Create(kind);
        await store.AppendAsync(Record("t1"), CancellationToken.None);
        var table = kind != "postgres" ? "transactions" : "interop_transactions";

        var update = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => sql($"UPDATE {table} SET status = 'completed'"));
        var delete = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => sql($"DELETE FROM {table}"));

        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        Assert.Contains("append-only", delete.Message, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task FindAnswered_IgnoresFailedAttemptsAndFindsTheNewestAnswer(string kind)
    {
        var (store, _) = Create(kind);
        await store.AppendAsync(Record("t1", "failed", "k"), CancellationToken.None);
        Assert.Null(await store.FindAnsweredAsync("pmrs", "k", CancellationToken.None));

        await store.AppendAsync(Record("t2", "completed", "k") with { RerunOf = "t1" }, CancellationToken.None);

        Assert.Equal("t2", (await store.FindAnsweredAsync("pmrs", "k", CancellationToken.None))?.Id);
        Assert.Equal(["t2"], await store.RerunsOfAsync("t1", CancellationToken.None));
    }

    [Theory]
    [SqliteStore]
    [PostgresStore]
    public async Task List_FiltersByStatusSenderAndTime(string kind)
    {
        var (store, _) = Create(kind);
        await store.AppendAsync(Record("t1", "failed"), CancellationToken.None);
        await store.AppendAsync(Record("t2") with { Sender = "KH/GOV/NSSF/HSPIS" }, CancellationToken.None);
        await store.AppendAsync(Record("t3") with { ReceivedAt = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero) }, CancellationToken.None);

        Assert.Equal(["t1"], (await store.ListAsync(new TransactionQuery { Status = "failed" }, CancellationToken.None)).Select(r => r.Id));
        Assert.Equal(["t2"], (await store.ListAsync(new TransactionQuery { Sender = "KH/GOV/NSSF/HSPIS" }, CancellationToken.None)).Select(r => r.Id));
        Assert.Equal(["t3"], (await store.ListAsync(new TransactionQuery { From = new DateTimeOffset(2025, 2, 20, 0, 0, 0, TimeSpan.Zero) }, CancellationToken.None)).Select(r => r.Id));
    }
}
