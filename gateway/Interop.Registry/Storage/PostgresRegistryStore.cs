using System.Data.Common;
using Npgsql;

namespace Interop.Registry.Storage;

/// <summary>The server store: PostgreSQL through a pooled Npgsql data source, tables in the configured schema.</summary>
internal sealed class PostgresRegistryStore : SqlRegistryStore
{
    private const string UniqueViolation = "23505";

    private readonly NpgsqlDataSource _dataSource;

    public PostgresRegistryStore(string connectionString, string schema, TimeProvider clock)
    {
        Clock = clock;
        if (!schema.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new ArgumentException("Registry:Storage:Schema is letters, digits and '_' only.", nameof(schema));
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema };
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        SchemaStatements =
        [
            $"CREATE SCHEMA IF NOT EXISTS {schema}",
            .. CommonSchema("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY", string.Empty),
            "CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$",
            "DROP TRIGGER IF EXISTS audit_append_only ON audit",
            "CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit FOR EACH ROW EXECUTE FUNCTION audit_append_only()",
        ];
    }

    protected override IReadOnlyList<string> SchemaStatements { get; }

    protected override async ValueTask<DbConnection> AcquireAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    protected override async ValueTask ReleaseAsync(DbConnection connection) => await connection.DisposeAsync();

    protected override bool IsUniqueViolation(DbException exception, out bool spidTaken)
    {
        var postgres = exception as PostgresException;
        spidTaken = postgres?.TableName == "persons";
        return postgres?.SqlState == UniqueViolation;
    }

    public override async ValueTask DisposeAsync() => await _dataSource.DisposeAsync();
}
