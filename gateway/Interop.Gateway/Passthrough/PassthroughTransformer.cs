using Yarp.ReverseProxy.Forwarder;

namespace Interop.Gateway.Passthrough;

/// <summary>
/// Sends the request to the upstream's base URL plus the FHIR path under <c>/fhir/{alias}</c>, with the query as
/// received, and names the sending member (as resolved, not as claimed) in <c>X-Member-Id</c>. Signatures belong to
/// their hop: the caller's are not sent on (the gateway signs its own request in central mode), and the upstream's are
/// not relayed (the gateway signs its own answer). The answer carries the gateway's <c>X-Transaction-Id</c>, not the
/// upstream's.
/// </summary>
internal sealed class PassthroughTransformer(PathString fhirPath, string sender, string transactionId) : HttpTransformer
{
    private static readonly string[] HopFields = ["Signature", "Signature-Input", "Content-Digest"];

    /// <summary>The request as sent upstream, whose options hold the signature evidence of each attempt and answer.</summary>
    public HttpRequestMessage? Sent { get; private set; }

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        proxyRequest.RequestUri = RequestUtilities.MakeDestinationAddress(destinationPrefix, fhirPath, httpContext.Request.QueryString);
        foreach (var name in HopFields)
        {
            proxyRequest.Headers.Remove(name);
            proxyRequest.Content?.Headers.Remove(name);
        }

        proxyRequest.Headers.Remove(MemberHeaderSender.Header);
        proxyRequest.Headers.TryAddWithoutValidation(MemberHeaderSender.Header, sender);
        Sent = proxyRequest;
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var copy = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        foreach (var name in HopFields)
        {
            httpContext.Response.Headers.Remove(name);
        }

        httpContext.Response.Headers[Pipeline.LegacyPipeline.TransactionHeader] = transactionId;
        return copy;
    }
}
