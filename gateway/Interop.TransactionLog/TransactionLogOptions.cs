namespace Interop.Gateway.Transactions;

/// <summary>Where the transaction log is kept.</summary>
public sealed class TransactionLogOptions
{
    public const string Section = "TransactionLog";

    /// <summary><c>sqlite</c> (default, embedded) or <c>postgres</c> (several gateway instances share the log).</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>The connection string. Default: <c>Data Source=interop-transactions.db</c> beside the process (SQLite).</summary>
    public string ConnectionString { get; set; } = "Data Source=interop-transactions.db";

    public const string NeededBodies = "needed";

    public const string AllBodies = "all";

    /// <summary>
    /// Which bodies the log keeps: <c>needed</c> (default: a failed transaction's request, to re-run it; the answer of
    /// one with an idempotency key, to answer its retries) or <c>all</c> (every body; only where a data-protection
    /// policy allows keeping personal data in the log).
    /// </summary>
    public string Bodies { get; set; } = NeededBodies;
}
