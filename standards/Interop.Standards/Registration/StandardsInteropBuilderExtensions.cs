using Interop.Contracts.Registration;
using Interop.Contracts.Standards;
using Interop.Standards.Policies;
using Interop.Standards.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Interop.Standards.Registration;

/// <summary>Registers the standards: <c>services.AddInterop().AddStandards()</c>.</summary>
public static class StandardsInteropBuilderExtensions
{
    /// <summary>
    /// Registers the <see cref="StandardsCatalog"/> (loaded once, on first use; the gateway resolves it at start-up so
    /// broken standards stop the process) and its parts: <see cref="ITerminology"/>, <see cref="IIdentifierSystems"/>,
    /// <see cref="ITariff"/>, <see cref="IFhirValidator"/>, <see cref="ISharingPolicies"/>.
    /// </summary>
    /// <param name="builder">The interop builder.</param>
    /// <param name="configure">Changes to the defaults of <see cref="StandardsOptions"/>.</param>
    /// <returns>The same builder.</returns>
    public static IInteropBuilder AddStandards(this IInteropBuilder builder, Action<StandardsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<StandardsOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options
            .Validate(o => !string.IsNullOrWhiteSpace(o.Root), "Standards:Root must name the folder that holds fhir/, policies/ and tariffs/.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.TariffFile), "Standards:TariffFile must name the tariff in force.")
            .ValidateOnStart();

        var services = builder.Services;
        services.TryAddSingleton(sp => StandardsCatalog.Load(sp.GetRequiredService<IOptions<StandardsOptions>>().Value));
        services.TryAddSingleton(sp => sp.GetRequiredService<StandardsCatalog>().Terminology);
        services.TryAddSingleton(sp => sp.GetRequiredService<StandardsCatalog>().IdentifierSystems);
        services.TryAddSingleton(sp => sp.GetRequiredService<StandardsCatalog>().Tariff);
        services.TryAddSingleton(sp => sp.GetRequiredService<StandardsCatalog>().Validator);
        services.TryAddSingleton(sp => sp.GetRequiredService<StandardsCatalog>().SharingPolicies);
        return builder;
    }
}
