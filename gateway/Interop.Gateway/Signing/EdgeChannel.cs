using System.Net;
using Interop.Signatures.Http;
using Interop.Signatures.Verification;
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

    public EdgeChannel(IOptions<SigningOptions> options, SigningKeyHolder key, Interop.Signatures.Trust.ReloadingTrustStore trust, INonceStore nonces, IHttpForwarder forwarder)
    {
        var settings = options.Value;
        Forwarder = forwarder;
        CentralUrl = settings.CentralUrl ?? new Uri("http://127.0.0.1/");
        CentralMember = settings.CentralMember;
        _invoker = new Lazy<HttpMessageInvoker>(() => new HttpMessageInvoker(
            new SigningHandler(new SigningHandlerOptions
            {
                Key = key.Key ?? throw new InvalidOperationException("Signing:Key is required in edge mode."),
                MemberId = settings.Member,
                Tag = settings.Tag,
                ResponseKeys = trust,
                ResponseNonces = nonces,
                RequireSignedResponse = true,
            })
            {
                InnerHandler = new SocketsHttpHandler
                {
                    UseProxy = false,
                    AllowAutoRedirect = false,
                    AutomaticDecompression = DecompressionMethods.None,
                    UseCookies = false,
                    ConnectTimeout = TimeSpan.FromSeconds(10),
                },
            },
            disposeHandler: true));
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
