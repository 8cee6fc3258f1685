using System.Diagnostics;
using System.Net;
using Interop.Gateway.Upstreams;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Interop.Gateway.Passthrough;

/// <summary>The HTTP client YARP forwards passthrough requests with: one connection pool for every upstream, no proxy, no redirects, no decompression.</summary>
internal sealed class PassthroughInvoker : IDisposable
{
    public HttpMessageInvoker Invoker { get; } = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        EnableMultipleHttp2Connections = true,
        ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
        ConnectTimeout = TimeSpan.FromSeconds(10),
    });

    public void Dispose() => Invoker.Dispose();
}

/// <summary>Registers and maps the FHIR passthrough: <c>/fhir/{alias}/{**path}</c> for each configured upstream, 404 for any other alias.</summary>
internal static class PassthroughEndpoints
{
    public static IServiceCollection AddFhirPassthrough(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PassthroughOptions>().Bind(configuration.GetSection(PassthroughOptions.Section))
            .Validate(o => o.MaxRequestBytes > 0, "Passthrough:MaxRequestBytes must be positive.")
            .ValidateOnStart();
        services.AddHttpForwarder();
        services.AddSingleton<PassthroughInvoker>();
        services.AddSingleton<IPassthroughSender, MemberHeaderSender>();
        services.AddSingleton<FhirPassthrough>();
        return services;
    }

    public static WebApplication MapFhirPassthrough(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<PassthroughOptions>>().Value.Enabled)
        {
            return app;
        }

        // A literal alias outranks the standards API's /fhir/{type}/{id}; the catch-all below only answers unknown aliases.
        foreach (var alias in app.Services.GetRequiredService<IOptions<UpstreamOptions>>().Value.Endpoints.Keys)
        {
            app.Map(FhirPassthrough.RouteOf(alias), (HttpContext http, FhirPassthrough passthrough) => passthrough.HandleAsync(http, alias))
                .WithName("fhir-passthrough:" + alias);
        }

        app.Map(FhirPassthrough.UnknownAliasRoute, (HttpContext http, string alias, FhirPassthrough passthrough) => passthrough.HandleAsync(http, alias))
            .WithName("fhir-passthrough:unknown");
        return app;
    }
}
