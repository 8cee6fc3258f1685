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

    /// <summary>
    /// Whether a transaction with an idempotency key is claimed in the log before it runs, so that gateway instances
    /// sharing the log run it once between them (the others wait for its record). Default: on for <c>postgres</c>, off
    /// for <c>sqlite</c> (one instance: the in-process gate is enough and the claim would cost two commits).
    /// </summary>
    public bool? SharedClaims { get; set; }

    /// <summary>How long a claim holds when its instance stops before releasing it (longer than the slowest transaction).</summary>
    public TimeSpan ClaimLifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a retry waits for another instance's run before it is answered "retry later".</summary>
    public TimeSpan ClaimWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether claims are used, <see cref="SharedClaims"/> or the provider's default.</summary>
    public bool ClaimsShared => SharedClaims ?? Provider == "postgres";
}
