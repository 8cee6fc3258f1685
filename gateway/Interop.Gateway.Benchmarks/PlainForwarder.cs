using Interop.Gateway.Passthrough;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy.Forwarder;

namespace Interop.Gateway.Benchmarks;

/// <summary>The baseline: YARP's <see cref="IHttpForwarder"/> alone, forwarding the same bytes to the same stub.</summary>
internal sealed class PlainForwarder : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly PassthroughInvoker _invoker;

    private PlainForwarder(WebApplication app, PassthroughInvoker invoker, Uri baseAddress)
    {
        _app = app;
        _invoker = invoker;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    private static readonly (HttpMethod, string)[] ThreeExchanges =
    [
        (HttpMethod.Post, "registry/fhir/Patient/$register"),
        (HttpMethod.Put, "pca/fhir/Encounter/enc-bench"),
        (HttpMethod.Post, "pca/fhir/Claim/$submit"),
    ];

    public static async Task<PlainForwarder> StartAsync(Uri destination)
    {
        var builder = Loopback.CreateBuilder();
        builder.Services.AddHttpForwarder();
        var app = builder.Build();
        var invoker = new PassthroughInvoker(); // the handler settings of the gateway's own forwarding
        var prefix = destination.AbsoluteUri;
        app.MapPost("/api/v1/external/visits", async (HttpContext http, IHttpForwarder forwarder) =>
        {
            await forwarder.SendAsync(http, prefix, invoker.Invoker);
        });

        // The same three exchanges a visit makes through the gateway (registration, encounter, claim), the visit's bytes
        // sent as they came, one after the other, the last answer relayed: transport only, no mapping, validation or log.
        app.MapPost("/three-exchanges/api/v1/external/visits", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body, http.RequestAborted);
            var bytes = body.ToArray();
            byte[] answer = [];
            foreach (var (method, path) in ThreeExchanges)
            {
                using var request = new HttpRequestMessage(method, new Uri(destination, path)) { Content = new ByteArrayContent(bytes) };
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/fhir+json");
                using var response = await invoker.Invoker.SendAsync(request, http.RequestAborted);
                answer = await response.Content.ReadAsByteArrayAsync(http.RequestAborted);
            }

            http.Response.ContentType = "application/json";
            await http.Response.Body.WriteAsync(answer, http.RequestAborted);
        });
        return new PlainForwarder(app, invoker, await Loopback.StartAsync(app));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _invoker.Dispose();
    }
}
