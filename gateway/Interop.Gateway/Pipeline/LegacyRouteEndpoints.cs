using Interop.Contracts.Adapters;
using Interop.Contracts.Mapping;
using Interop.Gateway.Authentication;

namespace Interop.Gateway.Pipeline;

/// <summary>
/// Maps every route of every registered adapter's manifest onto the pipeline, and answers any other method on a legacy
/// path in that adapter's own format (405 <c>method-not-allowed</c>, with <c>Allow</c>), as its legacy server would.
/// </summary>
internal static class LegacyRouteEndpoints
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

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

            foreach (var path in adapter.Manifest.Routes.GroupBy(r => r.PathTemplate, StringComparer.OrdinalIgnoreCase))
            {
                var allowed = path.Select(r => r.Method.ToUpperInvariant()).Distinct().ToList();
                var others = Methods.Except(allowed).ToList();
                if (others.Count > 0)
                {
                    var first = path.First();
                    app.MapMethods(path.Key, others, (HttpContext http, GatewayErrors errors, TimeProvider clock) => MethodNotAllowedAsync(http, adapter, first, allowed, errors, clock));
                }
            }
        }

        return app;
    }

    private static async Task MethodNotAllowedAsync(HttpContext http, ILegacyAdapter adapter, LegacyRoute route, IReadOnlyList<string> allowed, GatewayErrors errors, TimeProvider clock)
    {
        var request = new LegacyRequest
        {
            Operation = route.Operation,
            Method = http.Request.Method,
            Path = http.Request.Path.Value ?? "/",
            Sender = adapter.Manifest.OperatorSystem,
            ReceivedAt = clock.GetUtcNow(),
        };
        var answer = adapter.RenderError(request, errors.Create("method-not-allowed", $"Use {string.Join(" or ", allowed)} on this path."));
        http.Response.StatusCode = answer.StatusCode;
        http.Response.ContentType = answer.ContentType;
        http.Response.Headers.Allow = string.Join(", ", allowed);
        await http.Response.Body.WriteAsync(answer.Body, http.RequestAborted);
    }
}
