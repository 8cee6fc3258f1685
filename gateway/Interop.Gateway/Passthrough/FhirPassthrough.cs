using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Interop.Gateway.Hosting;
using Interop.Gateway.Pipeline;
using Interop.Gateway.Signing;
using Interop.Gateway.Transactions;
using Interop.Gateway.Upstreams;
using Interop.Signatures.Http;
using Interop.Standards.Policies;
using Interop.Standards.Validation;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Yarp.ReverseProxy.Forwarder;
using Task = System.Threading.Tasks.Task;

namespace Interop.Gateway.Passthrough;

/// <summary>
/// FHIR R4 passthrough for members that already speak FHIR: <c>/fhir/{alias}/{path}</c> goes to
/// <c>Upstreams:{alias}:BaseUrl</c> + <c>{path}</c> with the query as received, forwarded by YARP's
/// <see cref="IHttpForwarder"/>. Per request: accept (the sending member, body size, <c>application/fhir+json</c>
/// bodies, the member's rate limit), validate the body of a <c>POST</c>/<c>PUT</c>/<c>PATCH</c> against the profiles it
/// claims, refuse what the registry-identity policy would remove when the destination is the registry, forward the
/// same bytes through the alias's <see cref="PassthroughChannel"/> (timeouts, retries of GET and HEAD, circuit breaker),
/// record the transaction (adapter <c>fhir-passthrough</c>) before answering, and relay the answer. In central mode the
/// caller's signature is checked first, the request goes upstream signed by the gateway, the upstream's answer must be
/// signed by a trusted key and bound to that request, and the answer to the caller is signed by the gateway and bound
/// to the caller's signature; the record keeps the evidence of every hop. In edge mode the request goes, signed with
/// the member's key, to the same path at the central gateway (which validates, filters and forwards it), and only an
/// answer the central gateway signed, bound to that request, is relayed. Refusals are OperationOutcomes naming the
/// element, with the <c>gateway-error</c> code in <c>details</c>.
/// </summary>
internal sealed partial class FhirPassthrough(
    IOptions<UpstreamOptions> upstreams,
    IOptions<PassthroughOptions> options,
    IPassthroughSender senders,
    MessageSignatures signatures,
    EdgeChannel edge,
    MemberRateLimiter rateLimiter,
    IFhirValidator validator,
    ISharingPolicies policies,
    GatewayErrors errors,
    IHttpForwarder forwarder,
    PassthroughChannel channel,
    ITransactionStore log,
    IdempotentRuns runs,
    GatewayMetrics metrics,
    TimeProvider clock,
    ILogger<FhirPassthrough> logger)
{
    public const string AdapterId = "fhir-passthrough";
    public const string AdapterVersion = "1.0.0";
    public const string UnknownAliasRoute = "/fhir/{alias}/{**path}";

    /// <summary>The FHIR request id: a request that repeats one its member sent before is answered from the record.</summary>
    public const string RequestIdHeader = "X-Request-Id";

    private const string GatewayErrorSystem = "https://fhir.nspc.gov.kh/CodeSystem/gateway-error";
    private static readonly JsonSerializerOptions Json = new JsonSerializerOptions().ForFhir();
    private static readonly string[] BodyMethods = ["POST", "PUT", "PATCH"];
    private static readonly string[] KeptHeaders = ["Accept", "Content-Type", "Prefer", "If-Match", "If-None-Exist", RequestIdHeader];

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
        var exchange = new Exchange(http, interaction, clock.GetUtcNow()) { Upstream = known ? UpstreamOf(endpoint!) : null };

        if (!known)
        {
            await RefuseAsync(exchange, "not-found", OperationOutcome.IssueType.NotFound, $"No upstream '{alias}' is configured: the passthrough serves {string.Join(", ", upstreams.Value.Endpoints.Keys)}.", status: StatusCodes.Status404NotFound);
            return;
        }

        var (sender, problem) = signatures.Mode == SigningMode.Edge ? EdgeSender(http.Request) : senders.ResolveSender(http.Request);
        if (sender is null)
        {
            var code = signatures.Mode == SigningMode.Edge ? "not-allowed" : "unauthenticated";
            await RefuseAsync(exchange, code, code == "not-allowed" ? OperationOutcome.IssueType.Forbidden : OperationOutcome.IssueType.Login, problem!, MemberHeaderSender.Header);
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
            if (inbound.Evidence is { } evidence)
            {
                exchange.Evidence.Add(evidence); // kept for a refusal too: it says what was wrong with the signature
            }

            if (!inbound.IsValid)
            {
                exchange.Body = [];
                exchange.Inbound = inbound.CanBeAnswered ? inbound : null; // a refusal of a signed request is signed, bound to it
                await RefuseAsync(exchange, inbound.RefusalCode!, OperationOutcome.IssueType.Security, inbound.RefusalMessage!);
                return;
            }

            sender = inbound.Member!;
            exchange.Sender = sender;
            exchange.Inbound = inbound; // the answer, whatever it is from here on, is signed and bound to this request
        }

        if (!rateLimiter.TryAcquire(sender))
        {
            await RefuseAsync(exchange, "rate-limited", OperationOutcome.IssueType.Throttled, "Too many requests from this member: slow down and retry.");
            return;
        }

        Stage(exchange, "accept", started);
        var requestId = http.Request.Headers[RequestIdHeader].ToString();
        if (requestId.Length == 0 || !ChangesState(http.Request.Method))
        {
            await SendAsync(exchange, alias, endpoint!, fhirPath);
            return;
        }

        // A retry (the same request id from the same member, the same request) is answered from the record of the one
        // that was answered, or waits for the one still running; it is never sent upstream twice. Another request under
        // a request id already used is a new request. The run is detached from this caller's connection: a caller that
        // gives up (the usual reason for a retry) does not cancel a submission the upstream may already be processing.
        var key = $"{sender}|{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(requestId)))}:{RequestDigest(http.Request, exchange.Body)}";
        var run = Detach(exchange, key);
        await AnswerFromRecordAsync(exchange, run, await RunOnceAsync(run, key, alias, endpoint!, fhirPath, http.RequestAborted));
    }

    /// <summary>
    /// Sends a detached run (a caller's request with a request id, or an admin re-run) through the run-once gate under
    /// its key: the record that answers it, its own or that of a run of the same request in flight or answered. A caller
    /// that goes away (<paramref name="cancellationToken"/>) stops waiting; the run goes on.
    /// </summary>
    private Task<TransactionRecord> RunOnceAsync(Exchange run, string key, string alias, UpstreamEndpoint endpoint, PathString fhirPath, CancellationToken cancellationToken) =>
        runs.RunOnceAsync(
            AdapterId,
            key,
            run.Id,
            async () =>
            {
                try
                {
                    return await SendAsync(run, alias, endpoint, fhirPath);
                }
                catch (Exception e)
                {
                    LogDetachedRunFailed(logger, run.Id, e.GetType().Name); // its caller may be gone: said here, or nowhere
                    throw;
                }
            },
            () =>
            {
                run.IdempotencyKey = null; // this "retry later" must never become the answer to the request's retries
                run.RerunOf = null; // nor, for an admin re-run, a re-run of the original: nothing was sent
                return RefuseAsync(run, "upstream-unavailable", OperationOutcome.IssueType.Transient, "The same request is still being processed; retry later and it will be answered from its record.");
            },
            cancellationToken);

    /// <summary>
    /// A request on a context of its own, not a caller's connection (a re-run, a run a retry may wait for): forwarded and
    /// answered there. Protocol, scheme and host default to a plain local HTTP/1.1 request.
    /// </summary>
    private static DefaultHttpContext DetachedContext(string transactionId, string method, PathString path, QueryString query, RouteValueDictionary routeValues,
        IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> headers, CancellationToken aborted)
    {
        var http = new DefaultHttpContext { RequestAborted = aborted };
        http.Items[GatewayHostingExtensions.TransactionIdItem] = transactionId;
        http.Response.Headers[LegacyPipeline.TransactionHeader] = transactionId;
        http.Request.Protocol = "HTTP/1.1";
        http.Request.Scheme = "http";
        http.Request.Host = new HostString("localhost");
        http.Request.Method = method;
        http.Request.Path = path;
        http.Request.QueryString = query;
        http.Request.RouteValues = routeValues;
        foreach (var (name, value) in headers)
        {
            http.Request.Headers[name] = value;
        }

        return http;
    }

    /// <summary>What a request id makes idempotent: requests that change the upstream's state (a read is safe to repeat).</summary>
    private static bool ChangesState(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    /// <summary>The request as received, on a context of its own: forwarded and answered there, whatever happens to the caller's connection.</summary>
    private Exchange Detach(Exchange exchange, string key)
    {
        var caller = exchange.Http.Request;
        var http = DetachedContext(exchange.Id, caller.Method, caller.Path, caller.QueryString, new RouteValueDictionary(caller.RouteValues), caller.Headers, CancellationToken.None);
        http.Request.Protocol = caller.Protocol;
        http.Request.Scheme = caller.Scheme;
        http.Request.Host = caller.Host;

        // The body forwarded is the one read (none for a DELETE): the caller's framing does not describe it.
        http.Request.Headers.ContentLength = null;
        http.Request.Headers.TransferEncoding = default;

        var detached = new Exchange(http, exchange.Interaction, exchange.ReceivedAt)
        {
            Upstream = exchange.Upstream,
            Sender = exchange.Sender,
            Body = exchange.Body,
            Inbound = exchange.Inbound,
            IdempotencyKey = key,
        };
        detached.Evidence.AddRange(exchange.Evidence);
        foreach (var (stage, ms) in exchange.Timings)
        {
            detached.Timings[stage] = ms;
        }

        return detached;
    }

    /// <summary>Headers of a detached run's answer the caller gets its own of.</summary>
    private static readonly HashSet<string> NotRelayed = new(["Content-Length", "Transfer-Encoding", LegacyPipeline.TransactionHeader], StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Gives the caller the answer of a record: the one its own detached <paramref name="run"/> made (with the headers
    /// the run set: the upstream's and, in central mode, the signature bound to this caller's request), or, for a retry,
    /// the one that answered the request first (<c>X-Replay-Of</c>, signed afresh and bound to this caller's signature).
    /// </summary>
    private async Task AnswerFromRecordAsync(Exchange exchange, Exchange run, TransactionRecord record)
    {
        var response = exchange.Http.Response;
        if (record.Id == exchange.Id)
        {
            foreach (var (name, value) in run.Http.Response.Headers.Where(h => !NotRelayed.Contains(h.Key)))
            {
                response.Headers[name] = value;
            }
        }
        else
        {
            LogReplayed(logger, exchange.Id, record.Id);
            response.Headers[LegacyPipeline.ReplayHeader] = record.Id;
            var signed = exchange.Inbound is { } inbound ? signatures.SignAnswer(inbound, record.HttpStatus, record.ResponseContentType ?? "", record.ResponseBody) : null;
            foreach (var (name, value) in signed?.Headers ?? Enumerable.Empty<KeyValuePair<string, string>>())
            {
                response.Headers[name] = value;
            }
        }

        response.StatusCode = record.HttpStatus;
        response.ContentType = record.ResponseContentType;
        response.ContentLength = record.ResponseBody.Length;
        await response.Body.WriteAsync(record.ResponseBody, exchange.Http.RequestAborted);
    }

    /// <summary>What makes two requests the same request: method, path, query and body.</summary>
    private static string RequestDigest(HttpRequest request, byte[]? body)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path.Value}{request.QueryString.Value}\n"));
        sha.AppendData(body ?? []);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>
    /// Re-runs a failed passthrough transaction (the admin API): the request the record kept goes to the upstream again
    /// for the same member, checked and signed as the first time; the new record points at the original.
    /// </summary>
    /// <param name="original">The failed transaction.</param>
    /// <param name="transactionId">The re-run's transaction id.</param>
    /// <param name="cancellationToken">Cancelled when the admin goes away: it stops waiting; the run, which a retry may join, goes on.</param>
    /// <returns>
    /// The record that answers the request: the re-run's own (<see cref="TransactionRecord.RerunOf"/> the original), or
    /// that of a retry it found running or answered; <see langword="null"/> when the alias is no longer configured.
    /// </returns>
    public async Task<TransactionRecord?> RerunAsync(TransactionRecord original, string transactionId, CancellationToken cancellationToken)
    {
        var named = original.Path.Split('/', StringSplitOptions.RemoveEmptyEntries) is [_, var segment, ..] ? segment : "";
        var alias = upstreams.Value.Endpoints.Keys.FirstOrDefault(k => k.Equals(named, StringComparison.OrdinalIgnoreCase));
        if (alias is null || upstreams.Value.Endpoints[alias] is not { BaseUrl: not null } endpoint)
        {
            return null;
        }

        var http = DetachedContext(
            transactionId,
            original.Method,
            original.Path,
            original.Query is null ? QueryString.Empty : new QueryString("?" + original.Query),
            new RouteValueDictionary(original.RouteValues.ToDictionary(kv => kv.Key, kv => (object?)kv.Value)),
            original.RequestHeaders.Select(h => KeyValuePair.Create(h.Key, new Microsoft.Extensions.Primitives.StringValues(h.Value))),
            CancellationToken.None);

        http.Request.Path.StartsWithSegments("/fhir/" + alias, StringComparison.OrdinalIgnoreCase, out var fhirPath);
        var exchange = new Exchange(http, PassthroughInteraction.Classify(original.Method, fhirPath.Value ?? ""), clock.GetUtcNow())
        {
            Upstream = UpstreamOf(endpoint),
            Sender = original.Sender,
            Body = original.RequestBody,
            RerunOf = original.Id,
            IdempotencyKey = original.IdempotencyKey, // a later retry of the request is answered from the re-run's record
        };
        // The same gate as the caller's retries: beside a retry still running, the re-run gets that retry's record
        // instead of sending the request a second time.
        return exchange.IdempotencyKey is { } key
            ? await RunOnceAsync(exchange, key, alias, endpoint, fhirPath, cancellationToken)
            : await SendAsync(exchange, alias, endpoint, fhirPath);
    }

    /// <summary>Checks the body (the central gateway does, for an edge), forwards, and records: the record of the transaction.</summary>
    private async Task<TransactionRecord> SendAsync(Exchange exchange, string alias, UpstreamEndpoint endpoint, PathString fhirPath) =>
        exchange.Body!.Length > 0 && signatures.Mode != SigningMode.Edge && await CheckBodyAsync(exchange, endpoint.Member) is { } refused
            ? refused
            : await ForwardAsync(exchange, alias, endpoint, fhirPath);

    /// <summary>Who answers this alias's requests here: its upstream, or for an edge the central gateway.</summary>
    private string UpstreamOf(UpstreamEndpoint endpoint) => signatures.Mode == SigningMode.Edge ? edge.CentralMember : endpoint.Member;

    /// <summary>
    /// An edge sends for the one member it serves (its key signs): a request naming another member in
    /// <c>X-Member-Id</c> is refused, one naming none is sent as that member's.
    /// </summary>
    private (string? Member, string? Problem) EdgeSender(HttpRequest request)
    {
        var named = request.Headers[MemberHeaderSender.Header].ToString();
        return named.Length == 0 || named == signatures.Member
            ? (signatures.Member, null)
            : (null, $"This edge sends for {signatures.Member} only.");
    }

    /// <summary>Validates the body and, for the registry, applies the sharing policy; the record of the refusal when it may not go.</summary>
    private async Task<TransactionRecord?> CheckBodyAsync(Exchange exchange, string member)
    {
        var validating = Stopwatch.GetTimestamp();
        var parsed = validator.ParseAndValidate(Encoding.UTF8.GetString(exchange.Body!));
        Stage(exchange, "validate", validating);
        if (parsed.Resource is null || !parsed.Report.IsValid)
        {
            var code = parsed.Resource is null ? "message-not-well-formed" : "invalid-value";
            var status = parsed.Resource is null ? StatusCodes.Status400BadRequest : StatusCodes.Status422UnprocessableEntity;
            return await RefuseAsync(exchange, code, status, parsed.Report.ToOperationOutcome(), string.Join("; ", parsed.Report.Errors.Take(20).Select(e => $"{e.Path}: {e.Rule}")));
        }

        if (member != FhirUpstreamClient.RegistryMember)
        {
            return null; // operators apply their own rules; the registry holds identity data only (registry-identity policy)
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
            return await RefuseAsync(exchange, "not-allowed", StatusCodes.Status422UnprocessableEntity, outcome, string.Join("; ", outcome.Issue.Select(i => $"{i.Expression.First()}: not-allowed")));
        }

        return null;
    }

    private async Task<TransactionRecord> ForwardAsync(Exchange exchange, string alias, UpstreamEndpoint endpoint, PathString fhirPath)
    {
        var http = exchange.Http;
        if (exchange.Body!.Length > 0)
        {
            http.Request.Body = new MemoryStream(exchange.Body, writable: false); // the bytes read (and validated) are the bytes forwarded
            http.Request.ContentLength = exchange.Body.Length;
        }

        // The answer is buffered so it can be checked, and the transaction recorded, before the caller sees it.
        using var buffer = new MemoryStream();
        var bodyFeature = http.Features.Get<IHttpResponseBodyFeature>()!;
        http.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(buffer));
        var forwarding = Stopwatch.GetTimestamp();
        exchange.Forwarded = true;
        var transformer = new PassthroughTransformer(fhirPath, exchange.Sender!, exchange.Id);
        ForwarderError error;
        try
        {
            // The resilience pipeline bounds the call (Passthrough:RequestTimeout); YARP's own limit only backs it up.
            var config = new ForwarderRequestConfig { ActivityTimeout = options.Value.RequestTimeout + TimeSpan.FromSeconds(5) };
            using var invoker = channel.InvokerFor(alias);
            var destination = signatures.Mode == SigningMode.Edge ? $"{edge.CentralUrl.AbsoluteUri.TrimEnd('/')}/fhir/{alias}/" : endpoint.BaseUrl!.AbsoluteUri;
            error = await forwarder.SendAsync(http, destination, invoker, config, transformer, http.RequestAborted);
        }
        finally
        {
            http.Features.Set(bodyFeature);
        }

        Stage(exchange, "forward", forwarding);
        var hops = transformer.Sent is { } sent ? SigningHandler.EvidenceOf(sent) : [];
        exchange.Evidence.AddRange(hops.Select(h => UpstreamEvidence.From(h, exchange.Upstream!)));
        if (error != ForwarderError.None)
        {
            var failure = http.Features.Get<IForwarderErrorFeature>()?.Exception;
            var (code, text) = failure switch
            {
                BrokenCircuitException => ("upstream-unavailable", $"The upstream {alias} failed repeatedly: the gateway does not call it for a while. Retry later."),
                TimeoutRejectedException => ("upstream-timeout", $"The upstream {alias} did not answer in time. Retry later."),
                _ when error == ForwarderError.RequestTimedOut => ("upstream-timeout", $"The upstream {alias} did not answer in time. Retry later."),
                _ => ("upstream-unavailable", $"The upstream {alias} could not be reached. Retry later."),
            };
            return await FailAsync(exchange, alias, code, text, $"{code}: {exchange.Upstream} {error} ({failure?.GetType().Name ?? "no exception"})");
        }

        var status = http.Response.StatusCode;
        if (status >= 500)
        {
            // Whatever the upstream said is not relayed (signed or not, it is not an answer to the request).
            return await FailAsync(exchange, alias, "upstream-unavailable", $"The upstream {alias} could not answer. Retry later.", $"upstream-unavailable: {exchange.Upstream} answered {status}");
        }

        // Central: the upstream's answer; edge: the central gateway's. Either must be signed and bound to our request.
        if (signatures.Mode != SigningMode.Off && hops.LastOrDefault(h => h.Direction == "response") is not { Verdict: "valid" })
        {
            var verdict = hops.LastOrDefault(h => h.Direction == "response")?.Verdict ?? "not checked";
            return await FailAsync(exchange, alias, "upstream-invalid-answer", $"The answer of the upstream {alias} was not acceptable, so it is not relayed. Retry later.", $"upstream-invalid-answer: {exchange.Upstream} answered {status}, its signature {verdict}");
        }

        // "Too many requests", "too early", "request timeout": relayed as they are, but recorded failed, not as the answer
        // a retry of the request gets (the retry is sent again).
        exchange.Failed = status is StatusCodes.Status408RequestTimeout or 425 or StatusCodes.Status429TooManyRequests;
        return await AnswerAsync(exchange, status, http.Response.ContentType, buffer.ToArray(), errorSummary: exchange.Failed ? $"upstream-unavailable: {exchange.Upstream} answered {status}" : null);
    }

    /// <summary>The upstream could not give an answer the caller may have: a "retry later" OperationOutcome, recorded as failed (re-runnable).</summary>
    private Task<TransactionRecord> FailAsync(Exchange exchange, string alias, string code, string text, string summary)
    {
        LogUpstreamFailure(logger, exchange.Id, alias, code);
        exchange.Failed = true;
        return RefuseAsync(exchange, code, errors.StatusOf(code), new OperationOutcome { Issue = [Issue(OperationOutcome.IssueType.Transient, code, text, null)] }, summary);
    }

    private Task<TransactionRecord> RefuseAsync(Exchange exchange, string code, OperationOutcome.IssueType type, string text, string? expression = null, int? status = null) =>
        RefuseAsync(exchange, code, status ?? errors.StatusOf(code), new OperationOutcome { Issue = [Issue(type, code, text, expression)] }, $"{code}: {text}");

    private async Task<TransactionRecord> RefuseAsync(Exchange exchange, string code, int status, OperationOutcome outcome, string summary)
    {
        metrics.CountError(AdapterId, code);
        var http = exchange.Http;
        if (!http.Response.HasStarted)
        {
            var transactionId = http.Response.Headers[LegacyPipeline.TransactionHeader];
            http.Response.Clear();
            http.Response.Headers[LegacyPipeline.TransactionHeader] = transactionId;
        }

        return await AnswerAsync(exchange, status, Fhir.FhirResults.MediaType + "; charset=utf-8", JsonSerializer.SerializeToUtf8Bytes(outcome, Json), summary);
    }

    /// <summary>Records the transaction, then answers the caller: signed, in central mode, and bound to the caller's signature.</summary>
    private async Task<TransactionRecord> AnswerAsync(Exchange exchange, int status, string? contentType, byte[] body, string? errorSummary)
    {
        var http = exchange.Http;
        var signed = exchange.Inbound is { } inbound ? signatures.SignAnswer(inbound, status, contentType ?? "", body) : null;
        if (signed is { } answer)
        {
            exchange.Evidence.Add(answer.Evidence);
        }

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
            RerunOf = exchange.RerunOf,
            IdempotencyKey = exchange.IdempotencyKey,
            Evidence = signatures.Mode == SigningMode.Off ? null : [.. exchange.Evidence], // none with signing off: the record hashes as before signing existed
        };
        var recording = Stopwatch.GetTimestamp();
        var stored = await log.AppendAsync(record, CancellationToken.None);
        metrics.RecordStage(AdapterId, "record", Stopwatch.GetElapsedTime(recording));
        LogAnswered(logger, stored.Id, exchange.Interaction.Operation, status);

        http.Response.StatusCode = status;
        http.Response.ContentType = contentType;
        http.Response.ContentLength = body.Length;
        http.Response.Headers.TransferEncoding = default; // the relayed answer is buffered: its length is known
        foreach (var (name, value) in signed?.Headers ?? Enumerable.Empty<KeyValuePair<string, string>>())
        {
            http.Response.Headers[name] = value;
        }

        await http.Response.Body.WriteAsync(body, http.RequestAborted);
        return stored;
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Transaction {TransactionId}: the run of a request with a request id failed ({ExceptionType}); a retry sends it again")]
    private static partial void LogDetachedRunFailed(ILogger logger, string transactionId, string exceptionType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Transaction {TransactionId}: a retry, answered from the record of {AnsweredBy}")]
    private static partial void LogReplayed(ILogger logger, string transactionId, string answeredBy);

    [LoggerMessage(Level = LogLevel.Information, Message = "Transaction {TransactionId} fhir-passthrough/{Operation} answered {Status}")]
    private static partial void LogAnswered(ILogger logger, string transactionId, string operation, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transaction {TransactionId}: upstream {Alias} failed ({Code}); recorded as failed, for re-run")]
    private static partial void LogUpstreamFailure(ILogger logger, string transactionId, string alias, string code);

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

        /// <summary>The caller's verified signature (central mode): the answer is signed and bound to it.</summary>
        public InboundCheck? Inbound { get; set; }

        /// <summary>The signature evidence of each hop so far: inbound, upstream-request, upstream-answer, answer.</summary>
        public List<HopEvidence> Evidence { get; } = [];

        public string? RerunOf { get; set; }

        /// <summary>The member, its request id and what the request was: a retry is answered from the record that carries it.</summary>
        public string? IdempotencyKey { get; set; }

        public Dictionary<string, double> Timings { get; } = new(StringComparer.Ordinal);
    }
}
