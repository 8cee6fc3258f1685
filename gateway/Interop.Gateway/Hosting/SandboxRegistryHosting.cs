extern alias registry;

using Interop.Contracts.Registration;
using Interop.Gateway.Signing;
using Interop.Gateway.Upstreams;
using Interop.Signatures.Http;
using Interop.Signatures.Trust;
using Interop.Signatures.Verification;
using registry::Interop.Registry.Api;
using registry::Interop.Registry.Hosting;
using registry::Interop.Registry.Notifications;

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
            var operators = configuration.GetSection("Upstreams").GetChildren()
                .Where(u => u["Member"] is { Length: > 0 } member && member != FhirUpstreamClient.RegistryMember && u["BaseUrl"] is { Length: > 0 })
                .ToDictionary(u => u["Member"]!, u => new Uri(new Uri(u["BaseUrl"]!), "$process-message"), StringComparer.Ordinal);
            services.AddInterop().AddRegistry(o =>
            {
                o.Storage.ConnectionString = $"Data Source={database}";
                foreach (var (member, endpoint) in operators)
                {
                    o.Notifications.Endpoints[member] = endpoint; // link and merge notifications go to the sandbox operators
                }
            });

            // Signed like every other hop: the registry signs its notifications with its (test) key and trusts only signed acknowledgements.
            if (configuration.GetSection("Sandbox:UpstreamKeys:registry:Key").Get<SigningKeyOptions>() is { } key && configuration[$"{SigningOptions.Section}:Mode"] == nameof(SigningMode.Central))
            {
                services.AddHttpClient(OutboxDispatcher.HttpClientName).AddHttpMessageHandler(sp => new SigningHandler(new SigningHandlerOptions
                {
                    Key = SigningKeyLoader.Load(key, sp.GetRequiredService<IHostEnvironment>().ContentRootPath),
                    MemberId = FhirUpstreamClient.RegistryMember,
                    ResponseKeys = sp.GetRequiredService<ReloadingTrustStore>(),
                    ResponseNonces = sp.GetRequiredService<INonceStore>(),
                    RequireSignedResponse = true,
                }));
            }
        }

        return services;
    }

    public static WebApplication MapSandboxRegistry(this WebApplication app)
    {
        if (app.Configuration.GetValue<bool>("Sandbox:Enabled"))
        {
            // The registry's own error answers (OperationOutcome, 503 when its database fails), not the gateway's ProblemDetails.
            app.UseWhen(http => http.Request.Path.StartsWithSegments(Prefix), branch => branch.UseRegistryErrors());
            app.MapRegistryApi(Prefix);
        }

        return app;
    }
}
