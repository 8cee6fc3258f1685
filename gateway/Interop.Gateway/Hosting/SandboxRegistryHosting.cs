extern alias registry;

using Interop.Contracts.Registration;
using registry::Interop.Registry.Api;
using registry::Interop.Registry.Hosting;

namespace Interop.Gateway.Hosting;

/// <summary>
/// In the sandbox, the reference registry runs inside the gateway at <c>/sandbox/registry/fhir</c>, with its own SQLite
/// file, so a fresh machine has the whole system in one process. Production points <c>Upstreams:Registry</c> at the
/// registry service instead.
/// </summary>
internal static class SandboxRegistryHosting
{
    public const string Prefix = "/sandbox/registry/fhir";

    public static IServiceCollection AddSandboxRegistry(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.GetValue<bool>("Sandbox:Enabled"))
        {
            var database = configuration["Sandbox:RegistryDatabase"] is { Length: > 0 } file ? file : "sandbox-registry.db";
            services.AddInterop().AddRegistry(o => o.Storage.ConnectionString = $"Data Source={database}");
        }

        return services;
    }

    public static WebApplication MapSandboxRegistry(this WebApplication app)
    {
        if (app.Configuration.GetValue<bool>("Sandbox:Enabled"))
        {
            app.MapRegistryApi(Prefix);
        }

        return app;
    }
}
