using System.Diagnostics;
using System.Net;
using Yarp.ReverseProxy.Forwarder;

namespace Interop.Gateway.Passthrough;

/// <summary>The HTTP handler settings of passthrough forwarding: no proxy, no redirects, no decompression, no cookies.</summary>
internal sealed class PassthroughInvoker : IDisposable
{
    /// <summary>An invoker over a handler of its own (the load benchmark's plain forwarding uses the same settings).</summary>
    public HttpMessageInvoker Invoker { get; } = new(CreateHandler());

    public static SocketsHttpHandler CreateHandler() => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        EnableMultipleHttp2Connections = true,
        ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
        ConnectTimeout = TimeSpan.FromSeconds(10),
    };

    public void Dispose() => Invoker.Dispose();
}
