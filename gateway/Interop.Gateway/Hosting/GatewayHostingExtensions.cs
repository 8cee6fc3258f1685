using Serilog;

namespace Interop.Gateway.Hosting;

/// <summary>What every gateway process sets up the same way: logging, error handling, start-up checks, health.</summary>
internal static class GatewayHostingExtensions
{
    public static WebApplicationBuilder AddGatewayDefaults(this WebApplicationBuilder builder)
    {
        builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture));

        builder.Services.AddProblemDetails();
        builder.Services.AddHostedService<StartupChecks>();
        builder.Services.AddHealthChecks();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    public static WebApplication UseGatewayDefaults(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    /// <summary>Hosts the sandbox NSSF and PCA upstreams when <c>Sandbox:Enabled</c> (the default settings of a fresh checkout).</summary>
    public static WebApplication MapSandboxWhenEnabled(this WebApplication app)
    {
        if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Interop.Sandbox.SandboxOptions>>().Value.Enabled)
        {
            Interop.Sandbox.SandboxEndpoints.MapSandboxOperators(app);
        }

        return app;
    }

    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/healthz");
        return app;
    }
}
