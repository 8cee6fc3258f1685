using Interop.Contracts.Adapters;
using Interop.Gateway.Authentication;

namespace Interop.Gateway.Pipeline;

/// <summary>Maps every route of every registered adapter's manifest onto the pipeline.</summary>
internal static class LegacyRouteEndpoints
{
    public static WebApplication MapLegacyRoutes(this WebApplication app)
    {
        var catalog = app.Services.GetRequiredService<AdapterCatalog>();
        foreach (var adapter in catalog.Adapters)
        {
            foreach (var route in adapter.Manifest.Routes)
            {
                var endpoint = route.Flow == InteropFlow.Authentication
                    ? app.MapMethods(route.PathTemplate, [route.Method], (HttpContext http, TokenService tokens, GatewayErrors errors, TimeProvider clock, ILogger<TokenService> logger) => TokenEndpoint.HandleAsync(http, adapter, route, tokens, errors, clock, logger))
                    : app.MapMethods(route.PathTemplate, [route.Method], (HttpContext http, LegacyPipeline pipeline) => pipeline.HandleAsync(http, adapter, route));
                endpoint.WithName($"{adapter.Manifest.Id}:{route.Operation}").WithMetadata(route);
            }
        }

        return app;
    }
}
