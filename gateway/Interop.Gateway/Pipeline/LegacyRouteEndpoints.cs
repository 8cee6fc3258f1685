using Interop.Contracts.Adapters;

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
                app.MapMethods(route.PathTemplate, [route.Method], (HttpContext http, LegacyPipeline pipeline) => pipeline.HandleAsync(http, adapter, route))
                    .WithName($"{adapter.Manifest.Id}:{route.Operation}")
                    .WithMetadata(route);
            }
        }

        return app;
    }
}
