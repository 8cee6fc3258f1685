using System.ComponentModel.DataAnnotations;
using Interop.Contracts.Registration;
using Microsoft.Extensions.DependencyInjection;

namespace Interop.Adapters.Example;

/// <summary>Options of the Example adapter, with their defaults; checked when the gateway starts.</summary>
public sealed class ExampleAdapterOptions
{
    /// <summary>The member id of the Example system. Default: a sandbox member.</summary>
    [Required, RegularExpression("^KH/[A-Z]+/[A-Za-z0-9-]+/[A-Za-z0-9-]+$")]
    public string OperatorSystem { get; set; } = "KH/GOV/MOH/EXAMPLE-SANDBOX";
}

/// <summary>The adapter's registration: <c>services.AddInterop().AddStandards().AddExampleAdapter()</c>.</summary>
public static class ExampleAdapterRegistration
{
    /// <summary>Registers the Example adapter and its options (validated at start-up).</summary>
    /// <param name="builder">The interop builder.</param>
    /// <param name="configure">Changes to the default options.</param>
    /// <returns>The same builder.</returns>
    public static IInteropBuilder AddExampleAdapter(this IInteropBuilder builder, Action<ExampleAdapterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ExampleAdapterOptions>()
            .Configure(o => configure?.Invoke(o))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return builder.AddAdapter<ExampleAdapter>();
    }
}
