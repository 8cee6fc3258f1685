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

    /// <summary>
    /// Claims an idempotency key for execution, for every gateway instance that shares this log, until
    /// <paramref name="until"/>: <see langword="false"/> while another owner's claim is live (that instance is running it).
    /// Claims are working state beside the log, not part of the chain.
    /// </summary>
    Task<bool> TryClaimAsync(string adapter, string idempotencyKey, string owner, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Gives up an owner's claim on an idempotency key (the transaction is recorded).</summary>
    Task ReleaseClaimAsync(string adapter, string idempotencyKey, string owner, CancellationToken cancellationToken);

    /// <summary>Walks the chain; returns the id of the first record whose hash does not hold, or <see langword="null"/>.</summary>
    Task<string?> VerifyChainAsync(CancellationToken cancellationToken);
}
