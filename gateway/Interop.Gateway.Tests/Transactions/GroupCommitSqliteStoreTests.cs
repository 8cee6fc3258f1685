using Interop.Gateway.Transactions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Task = System.Threading.Tasks.Task;

namespace Interop.Gateway.Tests.Transactions;

/// <summary>What group commit adds to the store's contract (<see cref="TransactionStoreTests"/> runs the rest on it).</summary>
public sealed class GroupCommitSqliteStoreTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), "tx-group-" + Guid.NewGuid().ToString("N") + ".db");
    private readonly GroupCommitSqliteStore _store;

    public GroupCommitSqliteStoreTests()
    {
        _store = new GroupCommitSqliteStore(Options.Create(new TransactionLogOptions { ConnectionString = $"Data Source={_file}" }));
    }

    public void Dispose()
    {
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }

    [Fact]
    public async Task Append_ARecordThatCannotBeWritten_FailsAloneAndTheOthersAreChained()
    {
        await _store.AppendAsync(TransactionStoreTests.Record("taken"), CancellationToken.None);

        var appends = new[] { "a", "taken", "b", "c" }.Select(id => _store.AppendAsync(TransactionStoreTests.Record(id), CancellationToken.None)).ToList();

        await Assert.ThrowsAsync<SqliteException>(() => appends[1]);
        Assert.All(new[] { appends[0], appends[2], appends[3] }, t => Assert.True(t.IsCompletedSuccessfully || t.Wait(TimeSpan.FromSeconds(10))));
        Assert.Null(await _store.VerifyChainAsync(CancellationToken.None));
        Assert.Equal(4, (await _store.ListAsync(new TransactionQuery(), CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Append_ARecordThatCannotBeWrittenAlone_FailsAndTheLogGoesOn()
    {
        await _store.AppendAsync(TransactionStoreTests.Record("taken"), CancellationToken.None);

        await Assert.ThrowsAsync<SqliteException>(() => _store.AppendAsync(TransactionStoreTests.Record("taken"), CancellationToken.None));
        var next = await _store.AppendAsync(TransactionStoreTests.Record("next"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(next.Hash, (await _store.GetAsync("next", CancellationToken.None))?.Hash);
        Assert.Null(await _store.VerifyChainAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Append_CompletesOnlyOnceTheRecordIsReadable()
    {
        var appends = Enumerable.Range(0, 200).Select(i => _store.AppendAsync(TransactionStoreTests.Record("r" + i), CancellationToken.None)).ToList();

        foreach (var (append, i) in appends.Select((a, i) => (a, i)))
        {
            var stored = await append;
            Assert.Equal(stored.Hash, (await _store.GetAsync("r" + i, CancellationToken.None))?.Hash);
        }

        Assert.Null(await _store.VerifyChainAsync(CancellationToken.None));
    }
}
