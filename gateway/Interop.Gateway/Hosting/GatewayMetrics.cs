using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Interop.Gateway.Hosting;

/// <summary>
/// The gateway's own instruments, on the <see cref="Meter"/> <c>Interop.Gateway</c> (scraped at <c>/metrics</c> by
/// Prometheus through OpenTelemetry, see <see cref="MetricsRegistration"/>). Labels name routes (templates, never
/// request paths), adapters, operations, stages, error codes and upstream aliases: never a person, never an id from a
/// message.
/// </summary>
internal sealed class GatewayMetrics
{
    /// <summary>The meter's name, to listen to.</summary>
    public const string MeterName = "Interop.Gateway";

    /// <summary>The pipeline's stages, as the <c>stage</c> label says them.</summary>
    public static readonly IReadOnlyList<string> Stages = ["accept", "map", "validate", "filter", "forward", "answer", "record"];

    // Seconds, from half a millisecond (a refusal) to ten seconds (an upstream's attempt timeout).
    private static readonly InstrumentAdvice<double> DurationAdvice = new()
    {
        HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    };

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _stageDuration;
    private readonly Counter<long> _errors;
    private readonly Histogram<double> _upstreamDuration;
    private readonly Counter<long> _upstreamErrors;

    public GatewayMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _requests = meter.CreateCounter<long>("interop.gateway.requests", "{request}", "Requests to the gateway's mediated routes, by route template, adapter, operation and status class.");
        _stageDuration = meter.CreateHistogram("interop.gateway.stage.duration", "s", "Time spent in one stage of the pipeline (accept, map, validate, filter, forward, answer, record).", advice: DurationAdvice);
        _errors = meter.CreateCounter<long>("interop.gateway.errors", "{error}", "Refusals, failures and item errors, by adapter and gateway error code.");
        _upstreamDuration = meter.CreateHistogram("interop.gateway.upstream.duration", "s", "One call to an upstream member (retries included), by upstream alias, method and status.", advice: DurationAdvice);
        _upstreamErrors = meter.CreateCounter<long>("interop.gateway.upstream.errors", "{error}", "Upstream calls that failed, by upstream alias and error code.");
    }

    /// <summary>Counts one answered request.</summary>
    /// <param name="route">The route template (<c>/api/v1/external/visits</c>), never the request path.</param>
    /// <param name="adapter">The adapter id (<c>pmrs</c>, <c>fhir-passthrough</c>).</param>
    /// <param name="operation">The operation of the route.</param>
    /// <param name="status">The HTTP status answered.</param>
    public void CountRequest(string route, string adapter, string operation, int status) =>
        _requests.Add(1, new TagList
        {
            { "route", route },
            { "adapter", adapter },
            { "operation", operation },
            { "status_class", StatusClass(status) },
        });

    /// <summary>Records the time one stage took.</summary>
    public void RecordStage(string adapter, string stage, TimeSpan elapsed) =>
        _stageDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("adapter", adapter), new KeyValuePair<string, object?>("stage", stage));

    /// <summary>Counts one error of an adapter's transaction (a gateway error code or a field error code).</summary>
    public void CountError(string adapter, string code) =>
        _errors.Add(1, new KeyValuePair<string, object?>("adapter", adapter), new KeyValuePair<string, object?>("error_code", code));

    /// <summary>
    /// The pipeline's hook when a transaction is refused or fails: counts its error and records the stages it went
    /// through (the transaction's timings, in milliseconds).
    /// </summary>
    public void Refused(string adapter, string code, IReadOnlyDictionary<string, double> timingsMs)
    {
        CountError(adapter, code);
        RecordStages(adapter, timingsMs, recorded: null);
    }

    /// <summary>
    /// The pipeline's hook when a transaction completes: records its stages (the transaction's timings in
    /// milliseconds, and how long writing the record took) and counts the errors of its items.
    /// </summary>
    public void Completed(string adapter, IReadOnlyDictionary<string, double> timingsMs, IEnumerable<string> itemErrorCodes, TimeSpan recorded)
    {
        RecordStages(adapter, timingsMs, recorded);
        foreach (var code in itemErrorCodes)
        {
            CountError(adapter, code);
        }
    }

    /// <summary>Records one call to an upstream member.</summary>
    /// <param name="upstream">The upstream's alias in configuration (<c>Registry</c>, <c>Nssf</c>, <c>Pca</c>).</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="status">The HTTP status, or <see langword="null"/> when no answer came.</param>
    /// <param name="error">The error code when the call failed (<c>timeout</c>, <c>unreachable</c>, <c>circuit-open</c>, <c>http-5xx</c>).</param>
    /// <param name="elapsed">How long the call took.</param>
    public void RecordUpstreamCall(string upstream, string method, int? status, string? error, TimeSpan elapsed)
    {
        _upstreamDuration.Record(elapsed.TotalSeconds, new TagList
        {
            { "upstream", upstream },
            { "method", method },
            { "status", status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none" },
        });
        if (error is not null)
        {
            _upstreamErrors.Add(1, new KeyValuePair<string, object?>("upstream", upstream), new KeyValuePair<string, object?>("error_code", error));
        }
    }

    private void RecordStages(string adapter, IReadOnlyDictionary<string, double> timingsMs, TimeSpan? recorded)
    {
        foreach (var (stage, ms) in timingsMs)
        {
            // "total" is the whole run, not a stage; "accept" is recorded where it happens (before the run starts).
            if (stage is not ("total" or "accept"))
            {
                RecordStage(adapter, stage, TimeSpan.FromMilliseconds(ms));
            }
        }

        if (recorded is { } elapsed)
        {
            RecordStage(adapter, "record", elapsed);
        }
    }

    private static string StatusClass(int status) => status switch
    {
        < 200 => "1xx",
        < 300 => "2xx",
        < 400 => "3xx",
        < 500 => "4xx",
        _ => "5xx",
    };
}
