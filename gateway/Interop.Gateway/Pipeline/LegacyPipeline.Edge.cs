using System.Diagnostics;
using Interop.Contracts.Adapters;
using Interop.Contracts.Mapping;
using Interop.Gateway.Signing;
using Interop.Signatures.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Interop.Gateway.Pipeline;

/// <summary>
/// Edge mode: the legacy request, accepted and authenticated here on the member's own network, goes to the central
/// gateway unchanged but signed with the member's key (YARP forwards it; the signing handler signs it and verifies the
/// central gateway's signed answer). The legacy system sees the central gateway's answer, or its own "retry later" error.
/// </summary>
internal sealed partial class LegacyPipeline
{
    private async Task ForwardToCentralAsync(HttpContext http, ILegacyAdapter adapter, LegacyRoute route, LegacyRequest request, string transactionId, CancellationToken cancellationToken)
    {
        var timer = Stopwatch.StartNew();
        var draft = Draft(adapter, route, request, transactionId, rerunOf: null) with { RequestBody = [], Upstreams = [edge.CentralMember] };
        http.Request.Body = new MemoryStream(request.Body.ToArray(), writable: false);
        var transformer = new CentralTransformer(edge.CentralUrl);
        var error = await edge.Forwarder.SendAsync(http, edge.CentralUrl.GetLeftPart(UriPartial.Authority), edge.Invoker, edge.RequestConfig, transformer, cancellationToken);
        var evidence = transformer.Sent?.Options.TryGetValue(SigningHandler.EvidenceKey, out var hops) == true
            ? hops.Select(h => UpstreamEvidence.From(h, edge.CentralMember)).ToList()
            : [];
        var timings = new Dictionary<string, double>(StringComparer.Ordinal) { ["forward"] = timer.Elapsed.TotalMilliseconds };
        if (error == ForwarderError.None)
        {
            await log.AppendAsync(draft with { Status = "completed", HttpStatus = http.Response.StatusCode, TimingsMs = timings, Evidence = evidence, ResponseDigest = evidence.LastOrDefault()?.ContentDigest }, CancellationToken.None);
            return;
        }

        var failure = http.Features.Get<IForwarderErrorFeature>()?.Exception;
        var code = failure is SignatureVerificationException ? "upstream-invalid-answer" : error is ForwarderError.RequestTimedOut ? "upstream-timeout" : "upstream-unavailable";
        LogUpstreamFailure(logger, edge.CentralMember, code, transactionId);
        if (http.Response.HasStarted)
        {
            return; // the central gateway's answer was already on its way: nothing more can be said to the caller
        }

        http.Response.Headers.Clear();
        http.Response.Headers[TransactionHeader] = transactionId;
        var failed = draft with { Status = "failed", TimingsMs = timings, Evidence = evidence, ErrorSummary = $"{code}: {error}" };
        var record = await RefuseAsync(failed, adapter, request, errors.Create(code, "The central gateway could not answer; nothing was lost. Retry later."), inbound: null, CancellationToken.None);
        http.Response.StatusCode = record.HttpStatus;
        http.Response.ContentType = record.ResponseContentType;
        await http.Response.Body.WriteAsync(record.ResponseBody, cancellationToken);
    }

    /// <summary>
    /// Sends the legacy request to the same path and query at the central gateway, without the legacy credentials (the
    /// signature speaks for the member now). The body is the buffered one (the request's stream was replaced with it),
    /// which the signing handler reads to digest it.
    /// </summary>
    private sealed class CentralTransformer(Uri central) : HttpTransformer
    {
        /// <summary>The request as sent, whose options hold the signature evidence.</summary>
        public HttpRequestMessage? Sent { get; private set; }

        public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
        {
            await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
            var target = central.AbsolutePath.TrimEnd('/') + httpContext.Request.Path.ToUriComponent() + httpContext.Request.QueryString.ToUriComponent();
            proxyRequest.RequestUri = new Uri(central, target);
            proxyRequest.Headers.Authorization = null;
            proxyRequest.Headers.Host = null;
            Sent = proxyRequest;
        }
    }
}
