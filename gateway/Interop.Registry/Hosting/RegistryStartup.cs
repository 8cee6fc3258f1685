using Interop.Registry.Storage;
using Microsoft.Extensions.Options;

namespace Interop.Registry.Hosting;

/// <summary>Makes the tables before the first request; a store that cannot be reached stops the process with the reason.</summary>
internal sealed partial class RegistryStartup(IRegistryStore store, IOptions<RegistryOptions> options, ILogger<RegistryStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        var (persons, records) = await store.CountAsync(cancellationToken);
        LogReady(logger, options.Value.Storage.Provider.ToString(), persons, records);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Registry ready on {Provider}: {Persons} persons, {Records} records")]
    private static partial void LogReady(ILogger logger, string provider, long persons, long records);
}
