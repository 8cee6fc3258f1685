using Interop.Contracts.Registration;
using Interop.Registry.Api;
using Interop.Registry.Identity;
using Interop.Registry.Matching;
using Interop.Registry.Notifications;
using Interop.Registry.Storage;
using Interop.Standards.Registration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Interop.Registry.Hosting;

/// <summary>Registers the registry: <c>services.AddInterop().AddRegistry()</c>, then <c>app.MapRegistryApi()</c>.</summary>
public static class RegistryRegistration
{
    /// <summary>
    /// Registers the registry's store (created and its tables made at start-up), matcher, service, API checks and
    /// notification dispatcher; adds the standards if they are not registered yet.
    /// </summary>
    /// <param name="builder">The interop builder.</param>
    /// <param name="configure">Changes to the defaults of <see cref="RegistryOptions"/>.</param>
    /// <returns>The same builder.</returns>
    public static IInteropBuilder AddRegistry(this IInteropBuilder builder, Action<RegistryOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddStandards();
        var options = builder.Services.AddOptions<RegistryOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options
            .Validate(o => !string.IsNullOrWhiteSpace(o.Storage.ConnectionString), "Registry:Storage:ConnectionString is required.")
            .Validate(o => o.Matching.LinkThreshold > o.Matching.ReviewThreshold, "Registry:Matching:LinkThreshold must be above ReviewThreshold.")
            .Validate(o => o.Matching.CandidatesPerKey is > 0 and <= 10_000, "Registry:Matching:CandidatesPerKey is 1 to 10000.")
            .ValidateOnStart();

        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => RegistryStoreFactory.Create(sp.GetRequiredService<IOptions<RegistryOptions>>().Value.Storage, sp.GetRequiredService<TimeProvider>(), sp.GetService<ILoggerFactory>()));
        services.TryAddSingleton(sp => new IdentityMatcher(sp.GetRequiredService<IOptions<RegistryOptions>>().Value.Matching));
        services.TryAddSingleton<RegistryService>();
        services.TryAddSingleton<IdentityChecks>();
        services.AddHttpClient(OutboxDispatcher.HttpClientName);
        services.TryAddSingleton<OutboxDispatcher>();
        services.AddHostedService<RegistryStartup>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        return builder;
    }
}
