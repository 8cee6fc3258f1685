using Interop.Contracts.Registration;
using Microsoft.Extensions.DependencyInjection;

namespace Interop.Adapters.Hspis;

/// <summary>The adapter's registration: <c>services.AddInterop().AddStandards().AddHspisAdapter()</c>.</summary>
public static class HspisRegistration
{
    /// <summary>Registers the H-SPIS adapter with its options, validated when the host starts.</summary>
    /// <param name="builder">The interop builder.</param>
    /// <param name="configure">Changes to the defaults of <see cref="HspisOptions"/>.</param>
    /// <returns>The same builder.</returns>
    public static IInteropBuilder AddHspisAdapter(this IInteropBuilder builder, Action<HspisOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<HspisOptions>()
            .Configure(o => configure?.Invoke(o))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return builder.AddAdapter<HspisAdapter>();
    }
}
