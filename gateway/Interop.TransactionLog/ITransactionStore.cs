namespace Interop.Gateway.Transactions;

/// <summary>The transaction log: append-only, hash-chained.</summary>
public interface ITransactionStore
{
    /// <summary>Appends a record (the store sets the chain hashes) and returns it as stored.</summary>
    Task<TransactionRecord> AppendAsync(TransactionRecord record, CancellationToken cancellationToken);

    /// <summary>The newest completed or refused record for an idempotency key of an adapter, if any.</summary>
    Task<TransactionRecord?> FindAnsweredAsync(string adapter, string idempotencyKey, CancellationToken cancellationToken);

    Task<TransactionRecord?> GetAsync(string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<TransactionRecord>> ListAsync(TransactionQuery query, CancellationToken cancellationToken);

    /// <summary>The ids of the re-runs of a transaction, oldest first.</summary>
    Task<IReadOnlyList<string>> RerunsOfAsync(string id, CancellationToken cancellationToken);

    /// <summary>Walks the chain; returns the id of the first record whose hash does not hold, or <see langword="null"/>.</summary>
    Task<string?> VerifyChainAsync(CancellationToken cancellationToken);
}
