using Interop.Contracts.Adapters;
using Interop.Contracts.Mapping;
using Interop.Gateway.Authentication;

namespace Interop.Gateway.Pipeline;

/// <summary>
/// Maps every route of every registered adapter's manifest onto the pipeline, and answers in that adapter's own format,
/// as its legacy server would, any other method on a legacy path (405 <c>method-not-allowed</c>, with <c>Allow</c>) and
/// any path under the folders its routes live in that is none of them (404 <c>unknown-path</c>).
/// </summary>
internal static class LegacyRouteEndpoints
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    public static WebApplication MapLegacyRoutes(this WebApplication app)
    {
        var catalog = app.Services.GetRequiredService<AdapterCatalog>();
        var folders = new HashSet<string>(StringComparer.OrdinalIgnoreCase); // one catch-all a folder, even if two adapters share it
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

            // A catch-all ranks below every literal and parameter route, so it only takes what no route of any adapter serves.
            foreach (var folder in Folders(adapter.Manifest.Routes).Where(folders.Add))
            {
                var route = adapter.Manifest.Routes.First(r => r.PathTemplate.StartsWith(folder + "/", StringComparison.OrdinalIgnoreCase));
                app.MapMethods(folder + "/{**unknown}", Methods, (HttpContext http, GatewayErrors errors, TimeProvider clock) =>
                    AnswerAsync(http, adapter, route, errors.Create("unknown-path", "Nothing is served at this path: it is not an operation of this interface."), clock));
            }
        }

        return app;
    }

    /// <summary>The literal folders of the routes (<c>/hspis/ws</c> of <c>/hspis/ws/member</c>), never the root.</summary>
    private static IEnumerable<string> Folders(IEnumerable<LegacyRoute> routes) => routes
        .Select(r => r.PathTemplate.Split('{')[0].TrimEnd('/'))
        .Select(literal => literal[..Math.Max(0, literal.LastIndexOf('/'))])
        .Where(folder => folder.Length > 1)
        .Distinct(StringComparer.OrdinalIgnoreCase);

    private static Task MethodNotAllowedAsync(HttpContext http, ILegacyAdapter adapter, LegacyRoute route, IReadOnlyList<string> allowed, GatewayErrors errors, TimeProvider clock)
    {
        http.Response.Headers.Allow = string.Join(", ", allowed);
        return AnswerAsync(http, adapter, route, errors.Create("method-not-allowed", $"Use {string.Join(" or ", allowed)} on this path."), clock);
    }

    /// <summary>Answers a request no route takes with the adapter's own error format.</summary>
    private static async Task AnswerAsync(HttpContext http, ILegacyAdapter adapter, LegacyRoute route, GatewayError error, TimeProvider clock)
    {
        var request = new LegacyRequest
        {
            Operation = route.Operation,
            Method = http.Request.Method,
            Path = http.Request.Path.Value ?? "/",
            Sender = adapter.Manifest.OperatorSystem,
            ReceivedAt = clock.GetUtcNow(),
        };
        var answer = adapter.RenderError(request, error);
        http.Response.StatusCode = answer.StatusCode;
        http.Response.ContentType = answer.ContentType;
        await http.Response.Body.WriteAsync(answer.Body, http.RequestAborted);
    }
}
