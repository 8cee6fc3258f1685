using Interop.Contracts.Adapters;
using Interop.Standards;

namespace Interop.Gateway.Hosting;

/// <summary>
/// Resolves what must be right before the first request: the standards (every artifact parsed and consistent) and
/// the adapter registrations (manifests valid, no route claimed twice). A failure stops the process with the reason.
/// </summary>
internal sealed partial class StartupChecks(IServiceProvider services, ILogger<StartupChecks> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var standards = services.GetRequiredService<StandardsCatalog>();
        var adapters = services.GetRequiredService<AdapterCatalog>();
        LogReady(logger, standards.Artifacts.Count, standards.PolicyIds.Count(), standards.Tariff.Id, adapters.Adapters.Count, standards.Root);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Standards loaded: {Artifacts} FHIR artifacts, {Policies} sharing policies, tariff {Tariff}; {Adapters} adapters registered (from {Root})")]
    private static partial void LogReady(ILogger logger, int artifacts, int policies, string tariff, int adapters, string root);
}
