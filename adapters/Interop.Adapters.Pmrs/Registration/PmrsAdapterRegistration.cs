using Interop.Contracts.Registration;
using Microsoft.Extensions.DependencyInjection;

namespace Interop.Adapters.Pmrs.Registration;

/// <summary>The adapter's registration: <c>services.AddInterop().AddStandards().AddPmrsAdapter()</c>.</summary>
public static class PmrsAdapterRegistration
{
    /// <summary>Registers the PMRS adapter and its options (validated when the host starts).</summary>
    /// <param name="builder">The interop builder.</param>
    /// <param name="configure">Changes to the defaults of <see cref="PmrsAdapterOptions"/>.</param>
    /// <returns>The same builder.</returns>
    public static IInteropBuilder AddPmrsAdapter(this IInteropBuilder builder, Action<PmrsAdapterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<PmrsAdapterOptions>()
            .Configure(o => configure?.Invoke(o))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return builder.AddAdapter<PmrsAdapter>();
    }
}
