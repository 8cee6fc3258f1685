using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Interop.Registry.Storage;

/// <summary>
/// The embedded store: one SQLite connection (a file in WAL mode, or memory), used by one operation at a time.
/// SQLite serializes writers anyway; one connection keeps an in-memory database alive and avoids pool churn.
/// </summary>
internal sealed class SqliteRegistryStore : SqlRegistryStore
{
    private const int SqliteConstraint = 19;

    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public SqliteRegistryStore(string connectionString, TimeProvider clock)
    {
        Clock = clock;
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        var inMemory = _connection.DataSource is ":memory:" or "" || connectionString.Contains("Mode=Memory", StringComparison.OrdinalIgnoreCase);
        using var pragma = _connection.CreateCommand();
        pragma.CommandText = inMemory
            ? "PRAGMA foreign_keys = ON;"
            : "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";
        pragma.ExecuteNonQuery();
    }

    protected override IReadOnlyList<string> SchemaStatements { get; } =
    [
        .. CommonSchema("INTEGER PRIMARY KEY AUTOINCREMENT", " WITHOUT ROWID", "ix_records_spid ON records (spid)", "PRIMARY KEY (system, value)"),
        "CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
        "CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
    ];

    protected override async ValueTask<DbConnection> AcquireAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        return _connection;
    }

    protected override ValueTask ReleaseAsync(DbConnection connection)
    {
        _gate.Release();
        return ValueTask.CompletedTask;
    }

    protected override bool IsUniqueViolation(DbException exception, out bool spidTaken)
    {
        spidTaken = exception.Message.Contains("persons.spid", StringComparison.Ordinal) || exception.Message.Contains("persons.resource_id", StringComparison.Ordinal);
        return exception is SqliteException { SqliteErrorCode: SqliteConstraint } && exception.Message.Contains("UNIQUE", StringComparison.Ordinal);
    }

    public override async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        _gate.Dispose();
    }
}
