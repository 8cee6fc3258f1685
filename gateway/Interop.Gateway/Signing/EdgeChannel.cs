using System.Net;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Interop.Gateway.Signing;

/// <summary>
/// Edge mode's channel to the central gateway: YARP's forwarder over an HTTP client whose signing handler signs every
/// request with the member's key and refuses an answer the central gateway did not sign.
/// </summary>
internal sealed class EdgeChannel : IDisposable
{
    private readonly Lazy<HttpMessageInvoker> _invoker;

    /// <param name="signing">Where the central gateway is, and who it is.</param>
    /// <param name="forwarder">YARP's forwarder.</param>
    /// <param name="signer">The member's signing handler (<c>SigningRegistration</c>'s, the same the edge's passthrough signs with), made on first use.</param>
    public EdgeChannel(IOptions<SigningOptions> signing, IHttpForwarder forwarder, Func<DelegatingHandler> signer)
    {
        var settings = signing.Value;
        Forwarder = forwarder;
        CentralUrl = settings.CentralUrl ?? new Uri("http://127.0.0.1/");
        CentralMember = settings.CentralMember;
        _invoker = new Lazy<HttpMessageInvoker>(() =>
        {
            var handler = signer();
            handler.InnerHandler = new SocketsHttpHandler
            {
                UseProxy = false,
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.None,
                UseCookies = false,
                ConnectTimeout = TimeSpan.FromSeconds(10),
            };
            return new HttpMessageInvoker(handler, disposeHandler: true);
        });
    }

    public IHttpForwarder Forwarder { get; }

    public Uri CentralUrl { get; }

    public string CentralMember { get; }

    public HttpMessageInvoker Invoker => _invoker.Value;

    public ForwarderRequestConfig RequestConfig { get; } = new() { ActivityTimeout = TimeSpan.FromSeconds(60), Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionOrLower };

    public void Dispose()
    {
        if (_invoker.IsValueCreated)
        {
            _invoker.Value.Dispose();
        }
    }
}
