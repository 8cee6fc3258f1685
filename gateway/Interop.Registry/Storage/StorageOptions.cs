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

    /// <summary>
    /// Whether start-up reads the indexes matching reads into memory before the registry serves (PostgreSQL; SQLite
    /// has nothing to warm). Default on: a registry that serves right after a restart answers its first matches from
    /// disk, tens of milliseconds each at national scale. It takes about 90 s at 17 million people on a 2-core machine.
    /// </summary>
    public bool WarmOnStart { get; set; } = true;
}

/// <summary>The database engines the registry runs on.</summary>
public enum StorageProvider
{
    /// <summary>Embedded SQLite (Microsoft.Data.Sqlite): one machine, no server.</summary>
    Sqlite,

    /// <summary>PostgreSQL (Npgsql): real deployments, several registry instances.</summary>
    Postgres,
}
