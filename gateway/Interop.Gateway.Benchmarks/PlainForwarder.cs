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
        return new PlainForwarder(app, invoker, await Loopback.StartAsync(app));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _invoker.Dispose();
    }
}
