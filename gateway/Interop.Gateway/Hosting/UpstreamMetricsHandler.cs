using System.Diagnostics;
using Interop.Gateway.Upstreams;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Interop.Gateway.Hosting;

/// <summary>
/// Measures each call to a configured upstream (the request's URL under an <c>Upstreams:&lt;alias&gt;:BaseUrl</c>):
/// its duration by alias, method and status, and its failures by alias and error code. Other calls pass untouched.
/// </summary>
internal sealed class UpstreamMetricsHandler(GatewayMetrics metrics, IOptions<UpstreamOptions> upstreams) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var alias = AliasOf(upstreams.Value, request.RequestUri);
        if (alias is null)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            metrics.RecordUpstreamCall(alias, request.Method.Method, status, status >= 500 ? "http-5xx" : null, Stopwatch.GetElapsedTime(started));
            return response;
        }
        catch (Exception ex) when (ErrorCode(ex, cancellationToken) is { } code)
        {
            metrics.RecordUpstreamCall(alias, request.Method.Method, null, code, Stopwatch.GetElapsedTime(started));
            throw;
        }
    }

    /// <summary>The alias of the upstream whose base URL holds <paramref name="uri"/>, if any.</summary>
    public static string? AliasOf(UpstreamOptions upstreams, Uri? uri)
    {
        if (uri is null)
        {
            return null;
        }

        foreach (var (alias, endpoint) in upstreams.Endpoints)
        {
            if (endpoint.BaseUrl is { } baseUrl && baseUrl.IsBaseOf(uri))
            {
                return alias;
            }
        }

        return null;
    }

    /// <summary>The error code of a failed call (<c>timeout</c>, <c>circuit-open</c>, <c>unreachable</c>); none when the caller went away.</summary>
    public static string? ErrorCode(Exception exception, CancellationToken callerToken) => exception switch
    {
        _ when callerToken.IsCancellationRequested => null,
        TimeoutRejectedException or TaskCanceledException or TimeoutException => "timeout",
        BrokenCircuitException => "circuit-open",
        HttpRequestException => "unreachable",
        _ => null,
    };
}
