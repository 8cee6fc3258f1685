namespace Interop.Registry.Storage;

/// <summary>Opens the store the options name.</summary>
public static class RegistryStoreFactory
{
    /// <summary>Creates (not yet initialized) the store for <paramref name="options"/>.</summary>
    /// <param name="options">Provider and connection string.</param>
    /// <param name="clock">The clock for rows the store times itself.</param>
    /// <param name="loggers">Where the store says what its start-up did (a discarded load, an index built); none: it says nothing.</param>
    /// <returns>The store.</returns>
    public static IRegistryStore Create(StorageOptions options, TimeProvider clock, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Provider switch
        {
            StorageProvider.Sqlite => new SqliteRegistryStore(options.ConnectionString, clock),
            StorageProvider.Postgres => new PostgresRegistryStore(options.ConnectionString, options.Schema, clock, loggers?.CreateLogger<PostgresRegistryStore>()),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Provider, "Registry:Storage:Provider is Sqlite or Postgres."),
        };
    }
}
