using System.Reflection;
using Npgsql;
using Xunit.Sdk;

namespace Interop.Gateway.Tests.Transactions;

/// <summary>Runs a theory on the embedded SQLite store (always), appending one by one and with group commit (the gateway's).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SqliteStoreAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [["sqlite"], ["sqlite-group-commit"]];
}

/// <summary>
/// Runs a theory on PostgreSQL when <c>INTEROP_TEST_POSTGRES</c> holds an Npgsql connection string (<c>.ci/run</c> starts a
/// server and sets it); otherwise the case is reported as skipped, with the reason, never as passed.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresStoreAttribute : DataAttribute
{
    public const string Variable = "INTEROP_TEST_POSTGRES";

    public PostgresStoreAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)))
        {
            Skip = $"PostgreSQL not configured: set {Variable} to an Npgsql connection string (.ci/run starts a server and sets it) to run this case on PostgreSQL.";
        }
    }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [["postgres"]];
}

/// <summary>A database of its own on the test PostgreSQL server (<c>INTEROP_TEST_POSTGRES</c>), dropped when disposed.</summary>
internal sealed class PostgresTestDatabase : IDisposable
{
    private readonly string _admin = Environment.GetEnvironmentVariable(PostgresStoreAttribute.Variable)!;
    private readonly string _name;

    public PostgresTestDatabase(string prefix)
    {
        _name = prefix + "_" + Guid.NewGuid().ToString("N");
        using var connection = new NpgsqlConnection(_admin);
        connection.Open();
        using var create = new NpgsqlCommand($"CREATE DATABASE {_name}", connection);
        create.ExecuteNonQuery();
        ConnectionString = new NpgsqlConnectionStringBuilder(_admin) { Database = _name }.ConnectionString;
    }

    public string ConnectionString { get; }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(_admin);
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
    }
}
