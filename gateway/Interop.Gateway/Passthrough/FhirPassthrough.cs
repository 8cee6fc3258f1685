using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Interop.Gateway.Hosting;
using Interop.Gateway.Pipeline;
using Interop.Gateway.Transactions;
using Interop.Gateway.Upstreams;
using Interop.Standards.Policies;
using Interop.Standards.Validation;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;
using Task = System.Threading.Tasks.Task;

namespace Interop.Gateway.Passthrough;

/// <summary>
/// FHIR R4 passthrough for members that already speak FHIR: <c>/fhir/{alias}/{path}</c> goes to
/// <c>Upstreams:{alias}:BaseUrl</c> + <c>{path}</c> with the query as received, forwarded by YARP's
/// <see cref="IHttpForwarder"/>. Per request: accept (the sending member, body size, <c>application/fhir+json</c>
/// bodies, the member's rate limit), validate the body of a <c>POST</c>/<c>PUT</c>/<c>PATCH</c> against the profiles it
/// claims, refuse what the registry-identity policy would remove when the destination is the registry, forward the
/// same bytes, record the transaction (adapter <c>fhir-passthrough</c>) before answering, and relay the answer.
/// Refusals are OperationOutcomes naming the element, with the <c>gateway-error</c> code in <c>details</c>.
/// </summary>
internal sealed partial class FhirPassthrough(
    IOptions<UpstreamOptions> upstreams,
    IOptions<PassthroughOptions> options,
    IPassthroughSender senders,
    Signing.MessageSignatures signatures,
    MemberRateLimiter rateLimiter,
    IFhirValidator validator,
    ISharingPolicies policies,
    GatewayErrors errors,
    IHttpForwarder forwarder,
    PassthroughInvoker invoker,
    ITransactionStore log,
    GatewayMetrics metrics,
    TimeProvider clock,
    ILogger<FhirPassthrough> logger)
{
    public const string AdapterId = "fhir-passthrough";
    public const string AdapterVersion = "1.0.0";
    public const string UnknownAliasRoute = "/fhir/{alias}/{**path}";

    private const string GatewayErrorSystem = "https://fhir.nspc.gov.kh/CodeSystem/gateway-error";
    private static readonly JsonSerializerOptions Json = new JsonSerializerOptions().ForFhir();
    private static readonly string[] BodyMethods = ["POST", "PUT", "PATCH"];
    private static readonly string[] KeptHeaders = ["Accept", "Content-Type", "Prefer", "If-Match", "If-None-Exist"];

    /// <summary>The route template of an alias's passthrough.</summary>
    public static string RouteOf(string alias) => $"/fhir/{alias}/{{**path}}";

    /// <summary>Handles one request for <paramref name="alias"/> (any alias: an unknown one is answered 404).</summary>
    public async Task HandleAsync(HttpContext http, string alias)
    {
        var started = Stopwatch.GetTimestamp();
        var known = upstreams.Value.Endpoints.TryGetValue(alias, out var endpoint) && endpoint.BaseUrl is not null;
        http.Request.Path.StartsWithSegments("/fhir/" + alias, StringComparison.OrdinalIgnoreCase, out var fhirPath);
        var interaction = PassthroughInteraction.Classify(http.Request.Method, fhirPath.Value ?? "");
        http.Features.Set(new MeteredRoute(known ? RouteOf(alias) : UnknownAliasRoute, AdapterId, interaction.Operation));
        var exchange = new Exchange(http, interaction, clock.GetUtcNow()) { Upstream = known ? endpoint!.Member : null };

        if (!known)
        {
            await RefuseAsync(exchange, "not-found", OperationOutcome.IssueType.NotFound, $"No upstream '{alias}' is configured: the passthrough serves {string.Join(", ", upstreams.Value.Endpoints.Keys)}.", status: StatusCodes.Status404NotFound);
            return;
        }

        var (sender, problem) = senders.ResolveSender(http.Request);
        if (sender is null)
        {
            await RefuseAsync(exchange, "unauthenticated", OperationOutcome.IssueType.Login, problem!, MemberHeaderSender.Header);
            return;
        }

        exchange.Sender = sender;
        var hasBody = BodyMethods.Contains(http.Request.Method, StringComparer.OrdinalIgnoreCase);
        if (hasBody && !IsFhirJson(http.Request.ContentType))
        {
            await RefuseAsync(exchange, "unsupported-media-type", OperationOutcome.IssueType.NotSupported, "Send the resource as application/fhir+json.", "Content-Type");
            return;
        }

        exchange.Body = hasBody ? await LimitedBody.ReadAsync(http.Request, options.Value.MaxRequestBytes, http.RequestAborted) : [];
        if (exchange.Body is null)
        {
            await RefuseAsync(exchange, "body-too-large", OperationOutcome.IssueType.TooCostly, $"The body is larger than {options.Value.MaxRequestBytes} bytes.");
            return;
        }

        if (signatures.VerifiesInbound)
        {
            // Central mode: the member is the one the signature proves, checked before anything else is done with the body.
            var inbound = await signatures.VerifyInboundAsync(http, exchange.Body, "fhir:" + alias.ToLowerInvariant(), http.RequestAborted);
            if (!inbound.IsValid)
            {
                exchange.Body = [];
                await RefuseAsync(exchange, inbound.RefusalCode!, OperationOutcome.IssueType.Security, inbound.RefusalMessage!);
                return;
            }

            sender = inbound.Member!;
            exchange.Sender = sender;
        }

        if (!rateLimiter.TryAcquire(sender))
        {
            await RefuseAsync(exchange, "rate-limited", OperationOutcome.IssueType.Throttled, "Too many requests from this member: slow down and retry.");
            return;
        }

        Stage(exchange, "accept", started);
        if (exchange.Body.Length > 0 && !await CheckBodyAsync(exchange, endpoint!.Member))
        {
            return;
        }

        await ForwardAsync(exchange, alias, endpoint!, fhirPath);
    }

    /// <summary>Validates the body and, for the registry, applies the sharing policy; refuses and returns false when it may not go.</summary>
    private async Task<bool> CheckBodyAsync(Exchange exchange, string member)
    {
        var validating = Stopwatch.GetTimestamp();
        var parsed = validator.ParseAndValidate(Encoding.UTF8.GetString(exchange.Body!));
        Stage(exchange, "validate", validating);
        if (parsed.Resource is null || !parsed.Report.IsValid)
        {
            var code = parsed.Resource is null ? "message-not-well-formed" : "invalid-value";
            var status = parsed.Resource is null ? StatusCodes.Status400BadRequest : StatusCodes.Status422UnprocessableEntity;
            await RefuseAsync(exchange, code, status, parsed.Report.ToOperationOutcome(), string.Join("; ", parsed.Report.Errors.Take(20).Select(e => $"{e.Path}: {e.Rule}")));
            return false;
        }

        if (member != FhirUpstreamClient.RegistryMember)
        {
            return true; // operators apply their own rules; the registry holds identity data only (registry-identity policy)
        }

        var filtering = Stopwatch.GetTimestamp();
        var resources = parsed.Resource is Parameters parameters ? parameters.Parameter.Select(p => p.Resource).OfType<Resource>().ToList() : [parsed.Resource];
        var outcome = new OperationOutcome();
        foreach (var resource in resources)
        {
            var decision = policies.Apply(resource, exchange.Sender!, member, exchange.Interaction.PolicyInteraction);
            var refused = decision.IsShared ? decision.RemovedPaths : [resource.TypeName];
            foreach (var path in refused)
            {
                outcome.Issue.Add(Issue(OperationOutcome.IssueType.Security, "not-allowed", $"The registry holds identity data only; {path} may not be sent to it for '{exchange.Interaction.PolicyInteraction}' (policy {decision.PolicyId ?? "none"}).", path));
            }
        }

        Stage(exchange, "filter", filtering);
        if (outcome.Issue.Count > 0)
        {
            // As the registry answers the same refusal: 422, one issue per element.
            await RefuseAsync(exchange, "not-allowed", StatusCodes.Status422UnprocessableEntity, outcome, string.Join("; ", outcome.Issue.Select(i => $"{i.Expression.First()}: not-allowed")));
            return false;
        }

        return true;
    }

    private async Task ForwardAsync(Exchange exchange, string alias, UpstreamEndpoint endpoint, PathString fhirPath)
    {
        var http = exchange.Http;
        if (exchange.Body!.Length > 0)
        {
            http.Request.Body = new MemoryStream(exchange.Body, writable: false); // the bytes read (and validated) are the bytes forwarded
            http.Request.ContentLength = exchange.Body.Length;
        }

        // The answer is buffered so the transaction is recorded before the caller sees it.
        using var buffer = new MemoryStream();
        var bodyFeature = http.Features.Get<IHttpResponseBodyFeature>()!;
        http.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(buffer));
        var forwarding = Stopwatch.GetTimestamp();
        exchange.Forwarded = true;
        ForwarderError error;
        try
        {
            var config = new ForwarderRequestConfig { ActivityTimeout = endpoint.AttemptTimeout };
            error = await forwarder.SendAsync(http, endpoint.BaseUrl!.AbsoluteUri, invoker.Invoker, config, new PassthroughTransformer(fhirPath, exchange.Sender!, exchange.Id), http.RequestAborted);
        }
        finally
        {
            http.Features.Set(bodyFeature);
        }

        var elapsed = Stopwatch.GetElapsedTime(forwarding);
        Stage(exchange, "forward", forwarding);
        if (error != ForwarderError.None)
        {
            var timedOut = error == ForwarderError.RequestTimedOut;
            metrics.RecordUpstreamCall(alias, http.Request.Method, null, timedOut ? "timeout" : "unreachable", elapsed);
            LogUpstreamFailure(logger, exchange.Id, alias, error.ToString());
            exchange.Failed = true;
            var code = timedOut ? "upstream-timeout" : "upstream-unavailable";
            await RefuseAsync(exchange, code, OperationOutcome.IssueType.Transient, $"The upstream {alias} could not answer ({error}). Retry later.");
            return;
        }

        var status = http.Response.StatusCode;
        metrics.RecordUpstreamCall(alias, http.Request.Method, status, status >= 500 ? "http-5xx" : null, elapsed);
        exchange.Failed = status >= 500;
        await AnswerAsync(exchange, status, http.Response.ContentType, buffer.ToArray(), exchange.Failed ? $"{endpoint.Member} answered {status}." : null);
    }

    private Task RefuseAsync(Exchange exchange, string code, OperationOutcome.IssueType type, string text, string? expression = null, int? status = null) =>
        RefuseAsync(exchange, code, status ?? errors.StatusOf(code), new OperationOutcome { Issue = [Issue(type, code, text, expression)] }, $"{code}: {text}");

    private async Task RefuseAsync(Exchange exchange, string code, int status, OperationOutcome outcome, string summary)
    {
        metrics.CountError(AdapterId, code);
        var http = exchange.Http;
        if (!http.Response.HasStarted)
        {
            var transactionId = http.Response.Headers[LegacyPipeline.TransactionHeader];
            http.Response.Clear();
            http.Response.Headers[LegacyPipeline.TransactionHeader] = transactionId;
        }

        await AnswerAsync(exchange, status, Fhir.FhirResults.MediaType + "; charset=utf-8", JsonSerializer.SerializeToUtf8Bytes(outcome, Json), summary);
    }

    private async Task AnswerAsync(Exchange exchange, int status, string? contentType, byte[] body, string? errorSummary)
    {
        var http = exchange.Http;
        var record = new TransactionRecord
        {
            Id = exchange.Id,
            ReceivedAt = exchange.ReceivedAt,
            Sender = exchange.Sender ?? "",
            Adapter = AdapterId,
            AdapterVersion = AdapterVersion,
            Operation = exchange.Interaction.Operation,
            Method = http.Request.Method,
            Path = http.Request.Path.Value ?? "/",
            Status = exchange.Failed ? "failed" : errorSummary is null ? "completed" : "refused",
            HttpStatus = status,
            RequestDigest = TransactionHasher.Digest(exchange.Body ?? []),
            RequestContentType = http.Request.ContentType,
            RequestBody = exchange.Body ?? [],
            RequestHeaders = KeptHeaders.Where(h => http.Request.Headers.ContainsKey(h)).ToDictionary(h => h, h => http.Request.Headers[h].ToString(), StringComparer.OrdinalIgnoreCase),
            RouteValues = http.Request.RouteValues.ToDictionary(kv => kv.Key, kv => Convert.ToString(kv.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "", StringComparer.Ordinal),
            Query = http.Request.QueryString.HasValue ? http.Request.QueryString.Value![1..] : null,
            ResponseContentType = contentType,
            ResponseBody = body,
            ResponseDigest = TransactionHasher.Digest(body),
            Upstreams = exchange.Upstream is { } upstream && exchange.Forwarded ? [upstream] : [],
            TimingsMs = exchange.Timings,
            ErrorSummary = errorSummary,
        };
        var recording = Stopwatch.GetTimestamp();
        var stored = await log.AppendAsync(record, CancellationToken.None);
        metrics.RecordStage(AdapterId, "record", Stopwatch.GetElapsedTime(recording));
        LogAnswered(logger, stored.Id, exchange.Interaction.Operation, status);

        http.Response.StatusCode = status;
        http.Response.ContentType = contentType;
        http.Response.ContentLength = body.Length;
        http.Response.Headers.TransferEncoding = default; // the relayed answer is buffered: its length is known
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }

    /// <summary>Notes a stage's time in the record, and in the stage histogram.</summary>
    private void Stage(Exchange exchange, string stage, long startedAt)
    {
        var elapsed = Stopwatch.GetElapsedTime(startedAt);
        exchange.Timings[stage] = elapsed.TotalMilliseconds;
        metrics.RecordStage(AdapterId, stage, elapsed);
    }

    private static OperationOutcome.IssueComponent Issue(OperationOutcome.IssueType type, string code, string text, string? expression)
    {
        var issue = new OperationOutcome.IssueComponent
        {
            Severity = OperationOutcome.IssueSeverity.Error,
            Code = type,
            Details = new CodeableConcept(GatewayErrorSystem, code, text) { Text = text },
        };
        if (expression is not null)
        {
            issue.Expression = [expression];
        }

        return issue;
    }

    private static bool IsFhirJson(string? contentType) =>
        contentType?.Split(';')[0].Trim().Equals("application/fhir+json", StringComparison.OrdinalIgnoreCase) == true;

    [LoggerMessage(Level = LogLevel.Information, Message = "Transaction {TransactionId} fhir-passthrough/{Operation} answered {Status}")]
    private static partial void LogAnswered(ILogger logger, string transactionId, string operation, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transaction {TransactionId}: upstream {Alias} failed ({Error}); recorded as failed")]
    private static partial void LogUpstreamFailure(ILogger logger, string transactionId, string alias, string error);

    /// <summary>One passthrough request on its way: what the record will say.</summary>
    private sealed class Exchange(HttpContext http, PassthroughInteraction interaction, DateTimeOffset receivedAt)
    {
        public HttpContext Http { get; } = http;

        public PassthroughInteraction Interaction { get; } = interaction;

        public DateTimeOffset ReceivedAt { get; } = receivedAt;

        public string Id { get; } = http.Items[GatewayHostingExtensions.TransactionIdItem] as string ?? Guid.CreateVersion7().ToString("N");

        public string? Upstream { get; init; }

        public string? Sender { get; set; }

        public byte[]? Body { get; set; }

        public bool Forwarded { get; set; }

        public bool Failed { get; set; }

        public Dictionary<string, double> Timings { get; } = new(StringComparer.Ordinal);
    }
}
