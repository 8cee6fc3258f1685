using System.Reflection;
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
