using System.Diagnostics;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Interop.Contracts.Adapters;
using Interop.Contracts.Mapping;
using Interop.Gateway.Authentication;
using Interop.Gateway.Signing;
using Interop.Gateway.Transactions;
using Interop.Gateway.Upstreams;
using Interop.Standards.Policies;
using Interop.Standards.Validation;
using Microsoft.Extensions.Options;

namespace Interop.Gateway.Pipeline;

/// <summary>
/// One legacy request through the gateway: accept (size, media type), map (the adapter), answer retries from the log,
/// then per item validate (profiles), filter (sharing policy), forward (upstreams, with resilience), map the answer
/// back (the adapter), and record the transaction before answering.
/// </summary>
internal sealed partial class LegacyPipeline(
    MemberRateLimiter rateLimiter,
    EligibilityFanOut fanOut,
    TokenService tokens,
    Hosting.GatewayMetrics metrics,
    IOptions<LegacyAuthOptions> authOptions,
    IFhirValidator validator,
    ISharingPolicies policies,
    GatewayErrors errors,
    FhirUpstreamClient upstreams,
    MessageSignatures signatures,
    EdgeChannel edge,
    ITransactionStore log,
    IdempotentRuns runs,
    TimeProvider clock,
    ILogger<LegacyPipeline> logger)
{
    public const string TransactionHeader = "X-Transaction-Id";
    public const string ReplayHeader = "X-Replay-Of";

    private static readonly string[] KeptHeaders = ["X-Facility-Code", "Accept", "Content-Type"];

    public async Task HandleAsync(HttpContext http, ILegacyAdapter adapter, LegacyRoute route)
    {
        var accepting = Stopwatch.GetTimestamp(); // metrics hook: the accept stage
        var transactionId = http.Items[Hosting.GatewayHostingExtensions.TransactionIdItem] as string ?? NewTransactionId();
        http.Response.Headers[TransactionHeader] = transactionId;
        var cancellationToken = http.RequestAborted;

        var read = await Hosting.LimitedBody.ReadAsync(http.Request, route.MaxRequestBytes, cancellationToken);
        var body = read ?? [];
        var refusal = read is null ? errors.Create("body-too-large", $"The body is larger than {route.MaxRequestBytes} bytes.") : null;
        var sender = adapter.Manifest.OperatorSystem;
        InboundCheck? inbound = null;
        if (refusal is null && signatures.VerifiesInbound)
        {
            // Central mode: the signature is checked before anything else; a refused request's body is never logged.
            inbound = await signatures.VerifyInboundAsync(http, body, RouteId(adapter, route), cancellationToken);
            if (!inbound.IsValid)
            {
                refusal = errors.Create(inbound.RefusalCode!, inbound.RefusalMessage!);
                body = [];
            }
            else
            {
                sender = inbound.Member!; // the member proven by the signature (its edge already authenticated the legacy user)
            }
        }

        if (refusal is null && inbound is null && route.Authentication == LegacyAuthentication.BearerToken)
        {
            (sender, refusal) = await AuthenticateAsync(http.Request, sender);
        }

        if (refusal is null && signatures.Mode == SigningMode.Edge && sender != signatures.Member)
        {
            refusal = errors.Create("not-allowed", $"This edge signs for {signatures.Member} only.");
        }

        if (refusal is null && !rateLimiter.TryAcquire(sender))
        {
            refusal = errors.Create("rate-limited", "Too many requests from this member: slow down and retry.");
        }

        var request = new LegacyRequest
        {
            Operation = route.Operation,
            Method = http.Request.Method,
            Path = http.Request.Path.Value ?? "/",
            RouteValues = http.Request.RouteValues.ToDictionary(kv => kv.Key, kv => Convert.ToString(kv.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "", StringComparer.Ordinal),
            Query = http.Request.Query.ToDictionary(q => q.Key, q => (IReadOnlyList<string>)q.Value.Where(v => v is not null).Select(v => v!).ToList(), StringComparer.Ordinal),
            Headers = KeptHeaders.Where(h => http.Request.Headers.ContainsKey(h)).ToDictionary(h => h, h => http.Request.Headers[h].ToString(), StringComparer.OrdinalIgnoreCase),
            ContentType = http.Request.ContentType?.Split(';')[0].Trim(),
            Body = body,
            Sender = sender,
            ReceivedAt = clock.GetUtcNow(),
        };

        metrics.RecordStage(adapter.Manifest.Id, "accept", Stopwatch.GetElapsedTime(accepting)); // metrics hook
        if (refusal is null && signatures.Mode == SigningMode.Edge)
        {
            await ForwardToCentralAsync(http, adapter, route, request, transactionId, cancellationToken);
            return;
        }

        var record = await RunAsync(adapter, route, request, transactionId, rerunOf: null, refusal, inbound, cancellationToken);
        if (record.Id != transactionId)
        {
            http.Response.Headers[ReplayHeader] = record.Id;
        }

        if (inbound is { CanBeAnswered: true })
        {
            // The answer's signature (a refusal's too) is bound to this request's signature: one made for an earlier request is made afresh.
            var sealedAnswer = record.Id == transactionId ? record.Evidence?.LastOrDefault(e => e.Hop == AnswerHop) : null;
            var headers = sealedAnswer is not null
                ? [new(Interop.Signatures.Digests.ContentDigest.FieldName, sealedAnswer.ContentDigest!), new("Signature-Input", sealedAnswer.SignatureInput!), new("Signature", sealedAnswer.Signature!)]
                : signatures.SignAnswer(inbound, record.HttpStatus, record.ResponseContentType ?? "", record.ResponseBody)?.Headers.ToList() ?? [];
            foreach (var (name, value) in headers)
            {
                http.Response.Headers[name] = value;
            }
        }

        http.Response.StatusCode = record.HttpStatus;
        http.Response.ContentType = record.ResponseContentType;
        await http.Response.Body.WriteAsync(record.ResponseBody, cancellationToken);
    }

    /// <summary>Runs a request end to end and returns the record of the transaction that answered it (an earlier one for a retry).</summary>
    /// <remarks><paramref name="inbound"/> is the checked signature of the caller (central mode), whose evidence the record keeps and to which the answer is bound.</remarks>
    public async Task<TransactionRecord> RunAsync(ILegacyAdapter adapter, LegacyRoute route, LegacyRequest request, string transactionId, string? rerunOf, GatewayError? refusal, InboundCheck? inbound, CancellationToken cancellationToken)
    {
        var timer = Stopwatch.StartNew();
        var timings = new Dictionary<string, double>(StringComparer.Ordinal);
        var draft = Draft(adapter, route, request, transactionId, rerunOf) with { Evidence = inbound?.Evidence is { } evidence ? [evidence] : null };

        if (refusal is not null)
        {
            return await RefuseAsync(draft, adapter, request, refusal, inbound, cancellationToken);
        }

        if (route.RequestContentTypes.Count > 0 && !route.RequestContentTypes.Contains(request.ContentType ?? "", StringComparer.OrdinalIgnoreCase))
        {
            return await RefuseAsync(draft, adapter, request, errors.Create("unsupported-media-type", $"Send the body as {string.Join(" or ", route.RequestContentTypes)}."), inbound, cancellationToken);
        }

        InboundMapping mapping;
        try
        {
            mapping = await adapter.MapRequestAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogAdapterFailure(logger, ex, adapter.Manifest.Id, transactionId);
            return await RefuseAsync(draft with { Status = "failed", ErrorSummary = $"adapter {adapter.Manifest.Id} threw {ex.GetType().Name} while mapping" }, adapter, request, errors.Create("internal-error", "The gateway could not process the message."), inbound, cancellationToken);
        }

        timings["map"] = timer.Elapsed.TotalMilliseconds;
        if (!mapping.IsAccepted)
        {
            var first = mapping.MessageErrors[0];
            return await RefuseAsync(draft with { ErrorSummary = Summary(mapping.MessageErrors) }, adapter, request, errors.Create(first.Code, first.Reason, mapping.MessageErrors), inbound, cancellationToken);
        }

        // A key is unique per sender only (an H-SPIS MessageId is unique per facility): scope it by the sending member.
        var key = mapping.IdempotencyKey is { } given ? $"{request.Sender}|{given}" : null;
        draft = draft with { IdempotencyKey = key };
        if (key is null)
        {
            return await ExecuteAsync(draft, adapter, route.Flow, request, mapping, timings, timer, inbound, cancellationToken);
        }

        // A retry is answered from the record; one that arrives while the first attempt runs waits for it. The run is
        // not cancelled with its caller: a retry may be waiting for it. An admin re-run passes the same gate under the
        // same key: beside a retry still running it gets that retry's record rather than sending the message twice, and
        // a later retry by the caller is answered from the re-run's record.
        return await runs.RunOnceAsync(
            adapter.Manifest.Id,
            key,
            draft.Id,
            () => ExecuteAsync(draft, adapter, route.Flow, request, mapping, timings, timer, inbound, CancellationToken.None),
            // Recorded without the key: this "retry later" must never become the answer to the message's retries.
            // Nor, for an admin re-run, a re-run of the original: nothing was sent.
            () => RefuseAsync(draft with { IdempotencyKey = null, RerunOf = null, ErrorSummary = "the same message is still running on another gateway instance" }, adapter, request,
                errors.Create("upstream-unavailable", "The same message is still being processed; retry later and it will be answered from its record."), inbound, CancellationToken.None),
            cancellationToken);
    }

    private async Task<TransactionRecord> ExecuteAsync(TransactionRecord draft, ILegacyAdapter adapter, InteropFlow flow, LegacyRequest request, InboundMapping mapping, Dictionary<string, double> timings, Stopwatch timer, InboundCheck? inbound, CancellationToken cancellationToken)
    {
        var outcomes = new List<ItemOutcome>(mapping.Items.Count);
        var removed = new List<string>();
        var evidence = new List<HopEvidence>(draft.Evidence ?? []);
        var members = new SortedSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var item in mapping.Items)
            {
                outcomes.Add(item.IsAccepted ? await RunItemAsync(item, flow, request, removed, members, evidence, timings, cancellationToken) : new ItemOutcome { Item = item });
            }
        }
        catch (UpstreamUnavailableException ex)
        {
            LogUpstreamFailure(logger, ex.Member ?? "?", ex.Code, draft.Id);
            var failed = draft with { Status = "failed", Upstreams = [.. members], RemovedPaths = removed, ErrorSummary = ex.Message, TimingsMs = timings, Evidence = WithEvidence(evidence) };
            return await RefuseAsync(failed, adapter, request, errors.Create(ex.Code, "An upstream system could not answer; nothing was lost. Retry later."), inbound, cancellationToken);
        }

        LegacyResponse response;
        try
        {
            var answering = Stopwatch.GetTimestamp(); // metrics hook: the answer stage
            response = adapter.MapResponse(new FhirExchange { Request = request, Mapping = mapping, Outcomes = outcomes });
            timings["answer"] = Stopwatch.GetElapsedTime(answering).TotalMilliseconds; // metrics hook
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogAdapterFailure(logger, ex, adapter.Manifest.Id, draft.Id);
            return await RefuseAsync(draft with { Status = "failed", ErrorSummary = $"adapter {adapter.Manifest.Id} threw {ex.GetType().Name} while answering" }, adapter, request, errors.Create("internal-error", "The gateway could not build the answer."), inbound, cancellationToken);
        }

        timings["total"] = timer.Elapsed.TotalMilliseconds;
        var itemErrors = outcomes.SelectMany(o => o.Item.Errors.Concat(o.Errors)).ToList();
        var record = draft with
        {
            Status = "completed",
            HttpStatus = response.StatusCode,
            ResponseContentType = response.ContentType,
            ResponseBody = response.Body.ToArray(),
            ResponseDigest = TransactionHasher.Digest(response.Body.Span),
            Upstreams = [.. members],
            RemovedPaths = removed,
            TimingsMs = timings,
            ErrorSummary = itemErrors.Count == 0 ? null : Summary(itemErrors),
            Evidence = WithEvidence(evidence),
        };
        var recording = Stopwatch.GetTimestamp(); // metrics hook: the record stage
        var stored = await log.AppendAsync(SealAnswer(record, inbound), CancellationToken.None);
        metrics.Completed(draft.Adapter, timings, itemErrors.Select(e => e.Code), Stopwatch.GetElapsedTime(recording)); // metrics hook
        LogCompleted(logger, stored.Id, draft.Adapter, draft.Operation, stored.HttpStatus, timer.Elapsed.TotalMilliseconds);
        return stored;
    }

    private async Task<ItemOutcome> RunItemAsync(MappedItem item, InteropFlow flow, LegacyRequest request, List<string> removed, SortedSet<string> members, List<HopEvidence> evidence, Dictionary<string, double> timings, CancellationToken cancellationToken)
    {
        var answers = new List<FhirAnswer>();
        var itemErrors = new List<FieldError>();
        foreach (var interaction in item.Interactions)
        {
            if (flow == InteropFlow.Eligibility && interaction.Purpose == EligibilityFanOut.TemplatePurpose)
            {
                continue; // a template: sent to each linked operator once the registry has answered (below)
            }

            var answer = await SendAsync(interaction, request, removed, members, evidence, timings, itemErrors, cancellationToken);
            if (answer is null)
            {
                break;
            }

            answers.Add(answer);
            if (!answer.IsSuccess)
            {
                itemErrors.AddRange(RefusalOf(answer, upstreams.MemberFor(interaction)));
                break;
            }

            if (flow == InteropFlow.Eligibility && interaction.Purpose == EligibilityFanOut.PixPurpose && answer.Resource is Parameters linked)
            {
                // Eligibility: ask every operator the person is linked to; each answer stands alone (a 404 means "not enrolled").
                foreach (var next in fanOut.Expand(linked, item, request))
                {
                    if (await SendAsync(next, request, removed, members, evidence, timings, itemErrors, cancellationToken) is { } fanned)
                    {
                        answers.Add(fanned);
                    }
                }
            }
        }

        return new ItemOutcome { Item = item, Answers = answers, Errors = itemErrors };
    }

    /// <summary>Validates, filters and forwards one interaction; <see langword="null"/> when it may not be sent (the reason is in <paramref name="itemErrors"/>).</summary>
    private async Task<FhirAnswer?> SendAsync(FhirInteraction interaction, LegacyRequest request, List<string> removed, SortedSet<string> members, List<HopEvidence> evidence, Dictionary<string, double> timings, List<FieldError> itemErrors, CancellationToken cancellationToken)
    {
        var member = upstreams.MemberFor(interaction);
        var body = interaction.Resource;
        if (body is not null)
        {
            var started = Stopwatch.GetTimestamp();
            var report = validator.Validate(body, interaction.Profile);
            timings["validate"] = timings.GetValueOrDefault("validate") + Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (!report.IsValid)
            {
                itemErrors.AddRange(report.Errors.Select(i => new FieldError(i.Path, "invalid-value", i.Message)));
                return null;
            }

            var filtering = Stopwatch.GetTimestamp(); // metrics hook: the filter stage
            var decision = policies.Apply(body, request.Sender, member, interaction.PolicyInteraction);
            timings["filter"] = timings.GetValueOrDefault("filter") + Stopwatch.GetElapsedTime(filtering).TotalMilliseconds; // metrics hook
            removed.AddRange(decision.RemovedPaths.Select(p => $"{interaction.Purpose}: {p}"));
            if (!decision.IsShared)
            {
                itemErrors.Add(new FieldError(body.TypeName, "not-allowed", $"No sharing policy lets a {body.TypeName} go to {member} for '{interaction.PolicyInteraction}'."));
                return null;
            }

            body = decision.Resource;
        }

        members.Add(member);
        var forwarded = Stopwatch.GetTimestamp();
        var answer = await upstreams.SendAsync(member, request.Sender, interaction, body, evidence, cancellationToken);
        timings["forward"] = timings.GetValueOrDefault("forward") + Stopwatch.GetElapsedTime(forwarded).TotalMilliseconds;
        return new FhirAnswer(interaction.Purpose, answer.Status, answer.Resource);
    }

    /// <summary>
    /// The legacy client's bearer token (issued by the gateway's token endpoint) and the facility it acts for: the
    /// sender becomes that facility's member (<c>KH/GOV/MOH/PMRS-120101</c>).
    /// </summary>
    private async Task<(string Sender, GatewayError? Refusal)> AuthenticateAsync(HttpRequest request, string operatorSystem)
    {
        var header = request.Headers.Authorization.ToString();
        var principal = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? await tokens.ValidateAsync(header[7..].Trim()) : null;
        if (principal is null)
        {
            return (operatorSystem, errors.Create("unauthenticated", "The access token is missing, expired or unknown: log in again."));
        }

        var facilityHeader = authOptions.Value.FacilityHeader;
        var facility = request.Headers[facilityHeader].ToString();
        if (facility.Length == 0 || !principal.Facilities.Contains(facility, StringComparer.Ordinal))
        {
            return (operatorSystem, errors.Create("not-allowed", $"This user may not act for the facility in {facilityHeader}.", [new FieldError(facilityHeader, "not-allowed", "The user does not belong to this facility.", facility)]));
        }

        return ($"{operatorSystem}-{facility}", null);
    }

    private static IEnumerable<FieldError> RefusalOf(FhirAnswer answer, string member)
    {
        if (answer.Resource is OperationOutcome outcome && outcome.Issue.Count > 0)
        {
            return outcome.Issue.Select(i => new FieldError(i.Expression.FirstOrDefault() ?? "$", answer.Status == 404 ? "unknown-person" : "invalid-value", i.Details?.Text ?? i.Diagnostics ?? "Refused by " + member + "."));
        }

        return [new FieldError("$", "invalid-value", $"{member} refused the request ({answer.Status}).")];
    }

    private async Task<TransactionRecord> RefuseAsync(TransactionRecord draft, ILegacyAdapter adapter, LegacyRequest request, GatewayError error, InboundCheck? inbound, CancellationToken cancellationToken)
    {
        LegacyResponse response;
        try
        {
            response = adapter.RenderError(request, error);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogAdapterFailure(logger, ex, adapter.Manifest.Id, draft.Id);
            response = new LegacyResponse(500, "text/plain; charset=utf-8", "The gateway could not process the message."u8.ToArray());
        }

        var record = draft with
        {
            Status = draft.Status == "pending" ? "refused" : draft.Status,
            HttpStatus = response.StatusCode,
            ResponseContentType = response.ContentType,
            ResponseBody = response.Body.ToArray(),
            ResponseDigest = TransactionHasher.Digest(response.Body.Span),
            ErrorSummary = draft.ErrorSummary ?? $"{error.Code}: {error.Message}",
        };
        var stored = await log.AppendAsync(SealAnswer(record, inbound), CancellationToken.None);
        metrics.Refused(draft.Adapter, error.Code, draft.TimingsMs); // metrics hook
        LogCompleted(logger, stored.Id, draft.Adapter, draft.Operation, stored.HttpStatus, 0);
        return stored;
    }

    public const string AnswerHop = "answer";

    /// <summary>The route's id in the trust store's access lists: <c>{adapter}:{operation}</c>, as the endpoint is named.</summary>
    public static string RouteId(ILegacyAdapter adapter, LegacyRoute route) => $"{adapter.Manifest.Id}:{route.Operation}";

    /// <summary>The evidence a record keeps: none when signing is off (the record hashes as before signing existed).</summary>
    private IReadOnlyList<HopEvidence>? WithEvidence(List<HopEvidence> evidence) => signatures.Mode == SigningMode.Off ? null : evidence;

    /// <summary>Signs the answer to a signed request (verified or refused) before the record is written, so the log holds the answer's signature too.</summary>
    private TransactionRecord SealAnswer(TransactionRecord record, InboundCheck? inbound) =>
        inbound is { CanBeAnswered: true } && signatures.SignAnswer(inbound, record.HttpStatus, record.ResponseContentType ?? "", record.ResponseBody) is { } signed
            ? record with { Evidence = [.. record.Evidence ?? [], signed.Evidence] }
            : record;

    private static TransactionRecord Draft(ILegacyAdapter adapter, LegacyRoute route, LegacyRequest request, string transactionId, string? rerunOf) => new()
    {
        Id = transactionId,
        ReceivedAt = request.ReceivedAt,
        Sender = request.Sender,
        Adapter = adapter.Manifest.Id,
        AdapterVersion = adapter.Manifest.Version,
        Operation = route.Operation,
        Method = request.Method,
        Path = request.Path,
        Status = "pending",
        HttpStatus = 0,
        RequestDigest = TransactionHasher.Digest(request.Body.Span),
        RequestContentType = request.ContentType,
        RequestBody = request.Body.ToArray(),
        RequestHeaders = request.Headers.ToDictionary(StringComparer.OrdinalIgnoreCase),
        RouteValues = request.RouteValues.ToDictionary(StringComparer.Ordinal),
        Query = QueryString(request.Query),
        RerunOf = rerunOf,
    };

    internal static string? QueryString(IReadOnlyDictionary<string, IReadOnlyList<string>> query) =>
        query.Count == 0 ? null : string.Join('&', query.SelectMany(q => q.Value.Select(v => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(v))));

    private static string Summary(IEnumerable<FieldError> fieldErrors) =>
        string.Join("; ", fieldErrors.Take(20).Select(e => $"{e.Path}: {e.Code}"));

    private string NewTransactionId() => Guid.CreateVersion7(clock.GetUtcNow()).ToString("N");

    [LoggerMessage(Level = LogLevel.Information, Message = "Transaction {TransactionId} {Adapter}/{Operation} answered {Status} in {ElapsedMs:F1} ms")]
    private static partial void LogCompleted(ILogger logger, string transactionId, string adapter, string operation, int status, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transaction {TransactionId}: upstream {Member} failed ({Code}); recorded for re-run")]
    private static partial void LogUpstreamFailure(ILogger logger, string member, string code, string transactionId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Transaction {TransactionId}: adapter {Adapter} threw")]
    private static partial void LogAdapterFailure(ILogger logger, Exception exception, string adapter, string transactionId);
}
