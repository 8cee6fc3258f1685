using Serilog;

namespace Interop.Gateway.Hosting;

/// <summary>What every gateway process sets up the same way: logging, error handling, start-up checks, health.</summary>
internal static partial class GatewayHostingExtensions
{
    public const string TransactionIdItem = "Interop.TransactionId";

    public static WebApplicationBuilder AddGatewayDefaults(this WebApplicationBuilder builder)
    {
        // The host's own logger, not Serilog's static one: each gateway in a process (an edge beside a central one in the
        // sandbox, the tests' hosts) writes to its own sinks.
        builder.Services.AddSerilog(
            (services, logger) => logger
                .ReadFrom.Configuration(builder.Configuration)
                .ReadFrom.Services(services)
                .Enrich.FromLogContext()
                .WriteTo.Console(
                    outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {TransactionId} {Message:lj}{NewLine}{Exception}",
                    formatProvider: System.Globalization.CultureInfo.InvariantCulture),
            preserveStaticLogger: true);

        builder.Services.AddProblemDetails();
        builder.Services.AddHostedService<StartupChecks>();
        builder.Services.AddHealthChecks()
            .AddCheck<TransactionLogHealthCheck>("transaction-log", tags: ["ready"])
            .AddCheck<UpstreamsHealthCheck>("upstreams", tags: ["ready"]);
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    public static WebApplication UseGatewayDefaults(this WebApplication app)
    {
        // Every request gets a transaction id: in the response header and on every log line written while it runs.
        app.Use(async (http, next) =>
        {
            var id = Guid.CreateVersion7().ToString("N");
            http.Items[TransactionIdItem] = id;
            http.Response.Headers["X-Transaction-Id"] = id;
            using (Serilog.Context.LogContext.PushProperty("TransactionId", id))
            {
                await next(http);
            }
        });
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // A ProblemDetails answer without details; the log gets the type and where it was thrown, never the
            // exception's message, which can quote a request's personal data.
            SuppressDiagnosticsCallback = context =>
            {
                var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Interop.Gateway.UnhandledException");
                LogUnhandled(logger, context.Exception.GetType().Name, context.HttpContext.Request.Method, context.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Endpoint?.DisplayName ?? "no endpoint", context.Exception.StackTrace ?? "");
                return true;
            },
        });
        app.UseStatusCodePages();
        return app;
    }

    [LoggerMessage(Level = LogLevel.Error, EventName = "UnhandledException", Message = "A request failed: {ExceptionType} in {Method} {Endpoint}\n{StackTrace}")]
    private static partial void LogUnhandled(Microsoft.Extensions.Logging.ILogger logger, string exceptionType, string method, string endpoint, string stackTrace);

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
        app.MapHealthChecks("/healthz", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/healthz/ready", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResponseWriter = (http, report) => http.Response.WriteAsJsonAsync(new
            {
                status = report.Status.ToString(),
                checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
            }),
        });
        return app;
    }
}
