using System.Diagnostics;
using Interop.Registry.Storage;
using Microsoft.Extensions.Options;

namespace Interop.Registry.Hosting;

/// <summary>
/// Makes the tables before the first request, then (<see cref="StorageOptions.WarmOnStart"/>) reads the matching indexes
/// into memory; a store that cannot be reached stops the process with the reason. The registry listens only once both
/// are done, so a load balancer never sends it a match it would answer from disk.
/// </summary>
internal sealed partial class RegistryStartup(IRegistryStore store, IOptions<RegistryOptions> options, ILogger<RegistryStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var storage = options.Value.Storage;
        await store.InitializeAsync(cancellationToken); // logs what it did beyond making tables: a load discarded, an index built

        var (persons, records) = await store.CountAsync(cancellationToken);
        if (storage.WarmOnStart && storage.Provider == StorageProvider.Postgres)
        {
            var started = Stopwatch.GetTimestamp();
            var entries = await store.WarmAsync(cancellationToken);
            LogWarmed(logger, entries, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }

        LogReady(logger, storage.Provider.ToString(), persons, records);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Registry ready on {Provider}: {Persons} persons, {Records} records")]
    private static partial void LogReady(ILogger logger, string provider, long persons, long records);

    [LoggerMessage(Level = LogLevel.Information, EventName = "MatchingIndexesWarmed", Message = "Matching indexes read into memory: {Entries} entries in {Seconds:F1} s")]
    private static partial void LogWarmed(ILogger logger, long entries, double seconds);
}
