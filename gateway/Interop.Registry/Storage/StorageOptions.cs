namespace Interop.Registry.Storage;

/// <summary>Which database holds the registry.</summary>
public sealed record StorageOptions
{
    /// <summary><see cref="StorageProvider.Sqlite"/> (default, embedded) or <see cref="StorageProvider.Postgres"/>.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>
    /// The connection string. SQLite default: <c>Data Source=registry.db</c> (a file, in WAL mode);
    /// <c>Data Source=:memory:</c> keeps everything in memory. PostgreSQL: an Npgsql connection string.
    /// </summary>
    public string ConnectionString { get; set; } = "Data Source=registry.db";

    /// <summary>
    /// A PostgreSQL schema to create the tables in (default <c>public</c>); tests use one schema per run.
    /// </summary>
    public string Schema { get; set; } = "public";
}

/// <summary>The database engines the registry runs on.</summary>
public enum StorageProvider
{
    /// <summary>Embedded SQLite (Microsoft.Data.Sqlite): one machine, no server.</summary>
    Sqlite,

    /// <summary>PostgreSQL (Npgsql): real deployments, several registry instances.</summary>
    Postgres,
}
