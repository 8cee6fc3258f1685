using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Interop.Gateway.Transactions;

/// <summary>
/// The SQLite transaction log with group commit: appends queue up, and one writer commits whatever is waiting in one
/// transaction (one WAL sync for many records) and chains them in queue order. Each caller's task completes only once
/// its record is committed, so a transaction is still recorded before it is answered (write-ahead), and nothing
/// acknowledged is lost on a crash. The schema, the reads and the record format are <see cref="SqliteTransactionStore"/>'s
/// and <see cref="SqlTransactionStore"/>'s. One record that cannot be written fails alone: the batch is then written
/// record by record.
/// </summary>
internal sealed class GroupCommitSqliteStore : SqlTransactionStore, IDisposable
{
    private const int MaxBatch = 256;

    private readonly SqliteTransactionStore _schema;
    private readonly string _connectionString;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public GroupCommitSqliteStore(IOptions<TransactionLogOptions> options)
        : base(options.Value.Bodies)
    {
        _schema = new SqliteTransactionStore(options); // creates the schema; keeps an in-memory database alive
        _connectionString = options.Value.ConnectionString;
        _writer = Task.Run(WriteAsync);
    }

    protected override string Table => "transactions";

    public override Task<TransactionRecord> AppendAsync(TransactionRecord record, CancellationToken cancellationToken)
    {
        var pending = new Pending(record, new TaskCompletionSource<TransactionRecord>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The transaction log is closed or could not be opened.");
        }

        return pending.Done.Task;
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _writer.GetAwaiter().GetResult();
        _schema.Dispose();
    }

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>The writer; if the log cannot be opened at all, every append waiting and to come fails with the reason.</summary>
    private async Task WriteAsync()
    {
        try
        {
            await WriteBatchesAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _queue.Writer.TryComplete(ex);
            while (_queue.Reader.TryRead(out var pending))
            {
                pending.Done.TrySetException(ex);
            }
        }
    }

    private async Task WriteBatchesAsync()
    {
        await using var connection = (SqliteConnection)await OpenAsync(CancellationToken.None);
        string? last;
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT hash FROM transactions ORDER BY seq DESC LIMIT 1";
            last = await read.ExecuteScalarAsync() as string;
        }

        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            try
            {
                last = Commit(connection, batch, last);
            }
            catch (Exception) when (batch.Count > 1)
            {
                // Something in the batch cannot be written (a duplicate id): each record alone, so only that one fails.
                foreach (var pending in batch)
                {
                    try
                    {
                        last = Commit(connection, [pending], last);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        pending.Done.TrySetException(ex);
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                batch[0].Done.TrySetException(ex); // a batch of one: that record fails, the writer goes on
            }
        }
    }

    /// <summary>Chains and inserts the records in one transaction; completes their callers once committed.</summary>
    /// <returns>The hash of the last record written.</returns>
    private string? Commit(SqliteConnection connection, List<Pending> batch, string? previous)
    {
        var stored = new List<TransactionRecord>(batch.Count);
        using (var transaction = connection.BeginTransaction())
        {
            foreach (var pending in batch)
            {
                var kept = Retain(pending.Record);
                var record = kept with { PreviousHash = previous, Hash = TransactionHasher.Hash(kept, previous) };
                using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = $"INSERT INTO transactions ({Columns}) VALUES ({InsertValues})";
                Bind(insert, record);
                insert.ExecuteNonQuery();
                stored.Add(record);
                previous = record.Hash;
            }

            transaction.Commit();
        }

        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Done.TrySetResult(Answering(stored[i], batch[i].Record));
        }

        return previous;
    }

    private sealed record Pending(TransactionRecord Record, TaskCompletionSource<TransactionRecord> Done);
}
