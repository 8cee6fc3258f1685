using Yarp.ReverseProxy.Forwarder;

namespace Interop.Gateway.Passthrough;

/// <summary>
/// Sends the request to the upstream's base URL plus the FHIR path under <c>/fhir/{alias}</c>, with the query as
/// received, and names the sending member (as resolved, not as claimed) in <c>X-Member-Id</c>. The answer carries the
/// gateway's <c>X-Transaction-Id</c>, not the upstream's.
/// </summary>
internal sealed class PassthroughTransformer(PathString fhirPath, string sender, string transactionId) : HttpTransformer
{
    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        proxyRequest.RequestUri = RequestUtilities.MakeDestinationAddress(destinationPrefix, fhirPath, httpContext.Request.QueryString);
        proxyRequest.Headers.Remove(MemberHeaderSender.Header);
        proxyRequest.Headers.TryAddWithoutValidation(MemberHeaderSender.Header, sender);
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var copy = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        httpContext.Response.Headers[Pipeline.LegacyPipeline.TransactionHeader] = transactionId;
        return copy;
    }
}
