namespace Interop.Gateway.Transactions;

/// <summary>Where the transaction log is kept.</summary>
public sealed class TransactionLogOptions
{
    public const string Section = "TransactionLog";

    /// <summary><c>sqlite</c> (default, embedded) or <c>postgres</c> (several gateway instances share the log).</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>The connection string. Default: <c>Data Source=interop-transactions.db</c> beside the process (SQLite).</summary>
    public string ConnectionString { get; set; } = "Data Source=interop-transactions.db";
}
