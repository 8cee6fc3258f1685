using Interop.Adapters.Hspis;
using Interop.Adapters.Pmrs.Registration;
using Interop.Contracts.Registration;
using Interop.Gateway.Admin;
using Interop.Gateway.Fhir;
using Interop.Gateway.Passthrough;
using Interop.Gateway.Pipeline;
using Interop.Sandbox;
using Interop.Standards.Registration;

namespace Interop.Gateway.Hosting;

/// <summary>
/// Builds one gateway process from its configuration: the same program runs as the central gateway or as a member's
/// edge (<c>Signing:Mode</c>), and the sandbox starts its edges with it too.
/// </summary>
internal static class GatewayApplication
{
    public static WebApplication Create(WebApplicationBuilder builder)
    {
        builder.AddGatewayDefaults();
        builder.AddGatewayMetrics();
        builder.Services.AddInterop()
            .AddStandards(options =>
            {
                // Empty settings keep the defaults: the standards shipped with the gateway.
                var section = builder.Configuration.GetSection("Standards");
                options.Root = section["Root"] is { Length: > 0 } root ? root : options.Root;
                options.TariffFile = section["TariffFile"] is { Length: > 0 } tariff ? tariff : options.TariffFile;
            })
            .AddPmrsAdapter()
            .AddHspisAdapter();
        builder.Services.AddGatewayPipeline(builder.Configuration);
        builder.Services.AddFhirPassthrough(builder.Configuration);
        builder.Services.AddSandboxOperators(builder.Configuration);
        builder.Services.AddSandboxRegistry(builder.Configuration);
        builder.Services.AddSandboxEdges(builder.Configuration);

        var app = builder.Build();
        app.UseGatewayDefaults();
        app.UseGatewayMetrics();
        app.UseSandboxSigning();
        app.MapHealthEndpoints();
        app.MapFhirStandardsApi();
        app.MapAdminApi();
        app.MapLegacyRoutes();
        app.MapFhirPassthrough();
        app.MapSandboxWhenEnabled();
        app.MapSandboxRegistry();
        return app;
    }
}
