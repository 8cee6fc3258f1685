using Yarp.ReverseProxy.Forwarder;

namespace Interop.Gateway.Passthrough;

/// <summary>
/// Sends the request to the upstream's base URL plus the FHIR path under <c>/fhir/{alias}</c>, with the query as
/// received, and names the sending member (as resolved, not as claimed) in <c>X-Member-Id</c>.
/// </summary>
internal sealed class PassthroughTransformer(PathString fhirPath, string sender) : HttpTransformer
{
    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        proxyRequest.RequestUri = RequestUtilities.MakeDestinationAddress(destinationPrefix, fhirPath, httpContext.Request.QueryString);
        proxyRequest.Headers.Remove(MemberHeaderSender.Header);
        proxyRequest.Headers.TryAddWithoutValidation(MemberHeaderSender.Header, sender);
    }
}
