using Microsoft.Extensions.DependencyInjection;

namespace Interop.Contracts.Registration;

/// <summary>
/// Returned by <see cref="InteropServiceCollectionExtensions.AddInterop"/> so registrations chain:
/// <c>services.AddInterop().AddStandards().AddPmrsAdapter()</c>.
/// </summary>
public interface IInteropBuilder
{
    /// <summary>The service collection being configured.</summary>
    IServiceCollection Services { get; }
}
