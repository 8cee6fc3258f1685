using Interop.Contracts.Adapters;
using OpenTelemetry.Metrics;

namespace Interop.Gateway.Hosting;

/// <summary>Whether and where the gateway serves its metrics (<c>Metrics</c> in configuration).</summary>
public sealed class MetricsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Metrics";

    /// <summary>Whether OpenTelemetry collects metrics and the Prometheus scrape endpoint is served. Default on.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The scrape endpoint's path. Default <c>/metrics</c>.</summary>
    public string Path { get; set; } = "/metrics";

    /// <summary>
    /// Keys a scraper presents as <c>Authorization: Bearer {key}</c> (Prometheus: <c>authorization.credentials</c>).
    /// From a secret store in production.
    /// </summary>
    public List<string> ScrapeKeys { get; } = [];

    /// <summary>
    /// Serve the scrape endpoint without a key. Default off: with no <see cref="ScrapeKeys"/> the endpoint refuses
    /// everyone (metrics name members, routes and error rates). On in the sandbox.
    /// </summary>
    public bool AllowAnonymous { get; set; }
}

/// <summary>
/// The route, adapter and operation a request is counted under, for routes that are not an adapter's legacy route
/// (the FHIR passthrough sets it on the request's features).
/// </summary>
/// <param name="Route">The route template.</param>
/// <param name="Adapter">The adapter id.</param>
/// <param name="Operation">The operation.</param>
internal sealed record MeteredRoute(string Route, string Adapter, string Operation);

/// <summary>
/// Metrics through OpenTelemetry: the gateway's meter (<see cref="GatewayMetrics"/>), ASP.NET Core's and HttpClient's
/// instruments, a Prometheus scrape endpoint, a request counter for every mediated route, and the duration of every
/// call to a configured upstream.
/// </summary>
internal static class MetricsRegistration
{
    public static WebApplicationBuilder AddGatewayMetrics(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new MetricsOptions();
        builder.Services.AddOptions<MetricsOptions>().Bind(builder.Configuration.GetSection(MetricsOptions.Section))
            .Validate(o => o.Path.StartsWith('/'), "Metrics:Path must start with '/'.")
            .ValidateOnStart();
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<GatewayMetrics>();

        // Every named HttpClient gets the handler (outermost, so one call includes its retries); it measures only calls to a configured upstream.
        builder.Services.AddTransient<UpstreamMetricsHandler>();
        builder.Services.ConfigureHttpClientDefaults(client => client.AddHttpMessageHandler<UpstreamMetricsHandler>());

        if (options.Enabled)
        {
            builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
                .AddMeter(GatewayMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
        }

        return builder;
    }

    /// <summary>Counts every request to a mediated route, and serves the scrape endpoint when metrics are on.</summary>
    public static WebApplication UseGatewayMetrics(this WebApplication app)
    {
        var metrics = app.Services.GetRequiredService<GatewayMetrics>();
        var adapterOfRoute = app.Services.GetRequiredService<AdapterCatalog>().Adapters
            .SelectMany(a => a.Manifest.Routes.Select(r => (Route: r, Adapter: a.Manifest.Id)))
            .ToDictionary(x => x.Route, x => x.Adapter);
        app.Use(async (http, next) =>
        {
            var failed = true;
            try
            {
                await next(http);
                failed = false;
            }
            finally
            {
                var metered = http.Features.Get<MeteredRoute>();
                if (metered is null && http.GetEndpoint()?.Metadata.GetMetadata<LegacyRoute>() is { } route && adapterOfRoute.TryGetValue(route, out var adapter))
                {
                    metered = new MeteredRoute(route.PathTemplate, adapter, route.Operation);
                }

                if (metered is not null)
                {
                    metrics.CountRequest(metered.Route, metered.Adapter, metered.Operation, failed ? StatusCodes.Status500InternalServerError : http.Response.StatusCode);
                }
            }
        });

        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MetricsOptions>>().Value;
        if (options.Enabled)
        {
            app.UseWhen(http => http.Request.Path.Equals(options.Path, StringComparison.OrdinalIgnoreCase), scrape => scrape.Use(async (http, next) =>
            {
                var header = http.Request.Headers.Authorization.ToString();
                var key = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : "";
                if (options.AllowAnonymous || ApiKeys.Accepts(options.ScrapeKeys, key))
                {
                    await next(http);
                    return;
                }

                http.Response.Headers.WWWAuthenticate = "Bearer";
                await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: $"The metrics endpoint needs Authorization: Bearer with one of Metrics:ScrapeKeys.").ExecuteAsync(http);
            }));
            app.MapPrometheusScrapingEndpoint(options.Path);
        }

        return app;
    }
}
