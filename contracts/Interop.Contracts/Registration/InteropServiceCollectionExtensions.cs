using Interop.Contracts.Adapters;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Interop.Contracts.Registration;

/// <summary>Explicit registration of the interop services and adapters: a reader sees what runs.</summary>
public static class InteropServiceCollectionExtensions
{
    /// <summary>Starts the interop registration chain.</summary>
    /// <param name="services">The application's services.</param>
    /// <returns>A builder to add standards and adapters to.</returns>
    public static IInteropBuilder AddInterop(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<AdapterCatalog>();
        return new InteropBuilder(services);
    }

    /// <summary>
    /// Registers an adapter. Adapter packages wrap this in their own <c>AddXxxAdapter</c> method,
    /// with their options.
    /// </summary>
    /// <typeparam name="TAdapter">The adapter type; a singleton, created by dependency injection.</typeparam>
    /// <param name="builder">The interop builder.</param>
    /// <returns>The same builder.</returns>
    public static IInteropBuilder AddAdapter<TAdapter>(this IInteropBuilder builder)
        where TAdapter : class, ILegacyAdapter
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ILegacyAdapter, TAdapter>());
        return builder;
    }

    private sealed class InteropBuilder(IServiceCollection services) : IInteropBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
