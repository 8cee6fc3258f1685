using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Interop.Conformance.Results;
using Interop.Signatures.Http;
using Interop.Signatures.Messages;
using Interop.Signatures.Verification;

namespace Interop.Conformance.Deployment;

/// <summary>
/// Runs the deployment checks against a running gateway with a member's test key: signed requests accepted; unsigned,
/// tampered, expired and replayed ones refused in the route's legacy format; oversized bodies refused; answers signed and
/// bound to their request; an idempotent retry answered once.
/// </summary>
public static class DeploymentKit
{
    /// <summary>Runs every deployment requirement once, in order.</summary>
    /// <param name="target">The gateway, the member, its key, the gateway's keys and the sample request.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The report: one result per requirement and case.</returns>
    public static async Task<ConformanceReport> RunAsync(DeploymentTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var run = new Run(target, cancellationToken);
        var results = new List<CheckResult>();
        foreach (var (requirement, @case, check) in run.Checks())
        {
            try
            {
                results.AddRange(await check().ConfigureAwait(false));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && !cancellationToken.IsCancellationRequested)
            {
                results.Add(CheckResult.Error(requirement, @case, $"could not exchange with the gateway at {target.Gateway}: {e.GetType().Name}: {e.Message}"));
            }
        }

        return new ConformanceReport
        {
            Kind = "deployment",
            Requirements = DeploymentRequirements.All,
            AdapterId = "deployment",
            AdapterVersion = target.Gateway.ToString(),
            Fixtures = $"{target.Sample.Source} ({target.Sample.Method} {target.Sample.Path} as {target.MemberId})",
            StartedAt = startedAt,
            Duration = clock.Elapsed,
            Results = results,
        };
    }

    /// <summary>One exchange: the request as sent (signed, maybe tampered), its body, the answer and its signature's verdict.</summary>
    private sealed record Exchange(HttpMessage? SignedRequest, LegacyAnswer Answer, HttpResponseMessage Response, byte[] ResponseBody, SignatureEvidence? AnswerEvidence) : IDisposable
    {
        public string? Header(string name) => Response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

        public void Dispose() => Response.Dispose();
    }

    private sealed class Run(DeploymentTarget target, CancellationToken cancellationToken)
    {
        private readonly List<(string Case, Exchange Exchange)> _answers = [];
        private Exchange? _retryFirst;

        private SampleRequest Sample => target.Sample;

        public IEnumerable<(Requirement Requirement, string Case, Func<Task<IEnumerable<CheckResult>>> Check)> Checks()
        {
            yield return (DeploymentRequirements.SignedAccepted, "signed", SignedAsync);
            yield return (DeploymentRequirements.UnsignedRefused, "unsigned", () => RefusedAsync(DeploymentRequirements.UnsignedRefused, "unsigned", "signature-missing", sign: false));
            yield return (DeploymentRequirements.BodyTamperedRefused, "body-changed", () => RefusedAsync(DeploymentRequirements.BodyTamperedRefused, "body-changed", "digest-mismatch", after: ChangeBodyAsync));
            yield return (DeploymentRequirements.HeaderTamperedRefused, "member-header-changed", () => RefusedAsync(DeploymentRequirements.HeaderTamperedRefused, "member-header-changed", "signature-invalid", after: ChangeMember));
            yield return (DeploymentRequirements.ExpiredRefused, "signed-10-minutes-ago", () => RefusedAsync(DeploymentRequirements.ExpiredRefused, "signed-10-minutes-ago", "signature-expired", clock: new ShiftedClock(TimeSpan.FromMinutes(-10))));
            yield return (DeploymentRequirements.ReplayRefused, "same-request-twice", ReplayedAsync);
            yield return (DeploymentRequirements.OversizeRefused, $"body-of-{target.OversizeBytes}-bytes", OversizedAsync);
            yield return (DeploymentRequirements.IdempotentRetry, "same-message-twice", IdempotentAsync);
            yield return (DeploymentRequirements.AnswersSigned, "*", () => Task.FromResult(AnswersSigned()));
            yield return (DeploymentRequirements.AnswersBound, "*", BoundAsync);
        }

        private async Task<IEnumerable<CheckResult>> SignedAsync()
        {
            var exchange = await SendAsync(Sample.Fresh()).ConfigureAwait(false);
            _answers.Add(("signed", exchange));
            var requirement = DeploymentRequirements.SignedAccepted;
            return [exchange.Answer.IsSignatureRefusal
                ? CheckResult.Fail(requirement, "signed", $"a request signed with key {target.Key.KeyId} for {target.MemberId} was refused for its signature: {exchange.Answer.Summary}", "response", exchange.Answer.Excerpt)
                : CheckResult.Pass(requirement, "signed", $"not refused for its signature: {exchange.Answer.Summary}")];
        }

        private async Task<IEnumerable<CheckResult>> RefusedAsync(Requirement requirement, string @case, string reason, bool sign = true, Func<HttpRequestMessage, Task>? after = null, TimeProvider? clock = null)
        {
            using var exchange = await SendAsync(Sample.Fresh(), sign, after, clock).ConfigureAwait(false);
            return [Refusal(requirement, @case, reason, exchange.Answer)];
        }

        private async Task<IEnumerable<CheckResult>> ReplayedAsync()
        {
            HttpRequestMessage? copy = null;
            var body = Encoding.UTF8.GetBytes(Sample.Fresh());
            using (await SendAsync(body, after: request => { copy = Copy(request, body); return Task.CompletedTask; }).ConfigureAwait(false))
            {
            }

            using var replay = copy!;
            using var exchange = await SendAsync(replay, sign: false).ConfigureAwait(false);
            return [Refusal(DeploymentRequirements.ReplayRefused, "same-request-twice", "replayed", exchange.Answer)];
        }

        private async Task<IEnumerable<CheckResult>> OversizedAsync()
        {
            var fresh = Encoding.UTF8.GetBytes(Sample.Fresh());
            var body = new byte[Math.Max(target.OversizeBytes, fresh.Length)];
            body.AsSpan(fresh.Length).Fill((byte)' '); // trailing whitespace: still a well-formed document, only too large
            fresh.CopyTo(body, 0);
            using var exchange = await SendAsync(body).ConfigureAwait(false);
            return [Refusal(DeploymentRequirements.OversizeRefused, $"body-of-{target.OversizeBytes}-bytes", "body-too-large", exchange.Answer)];
        }

        private async Task<IEnumerable<CheckResult>> IdempotentAsync()
        {
            var requirement = DeploymentRequirements.IdempotentRetry;
            const string Case = "same-message-twice";
            if (Sample.Format != LegacyFormat.Hspis || !Sample.HasMessageId)
            {
                return [CheckResult.Skip(requirement, Case, "The sample has no H-SPIS MessageId: only a message that names itself can be retried idempotently.")];
            }

            var body = Sample.Fresh();
            _retryFirst = await SendAsync(body).ConfigureAwait(false);
            var second = await SendAsync(body).ConfigureAwait(false);
            _answers.Add(("idempotent-retry", second));
            var (first, firstBody, secondBody) = (_retryFirst, Encoding.UTF8.GetString(_retryFirst.ResponseBody), Encoding.UTF8.GetString(second.ResponseBody));
            if (first.Answer.IsSignatureRefusal)
            {
                return [CheckResult.Skip(requirement, Case, $"The first send was refused for its signature ({first.Answer.Summary}): reported under DEP-SIG-01.")];
            }

            var transaction = first.Header("X-Transaction-Id");
            var replayOf = second.Header("X-Replay-Of");
            var problems = new List<string>();
            if (firstBody != secondBody || first.Answer.Status != second.Answer.Status)
            {
                problems.Add($"the retry got another answer: first {first.Answer.Summary}, retry {second.Answer.Summary}");
            }

            if (first.Header("X-Replay-Of") is { } early)
            {
                problems.Add($"the first send already carries X-Replay-Of: {early}");
            }

            if (replayOf is null)
            {
                problems.Add("the retry's answer carries no X-Replay-Of header");
            }
            else if (transaction is not null && replayOf != transaction)
            {
                problems.Add($"X-Replay-Of names {replayOf}, not the first transaction {transaction}");
            }

            return [problems.Count == 0
                ? CheckResult.Pass(requirement, Case, $"answered once: transaction {replayOf}, the same {first.Answer.Summary} twice")
                : CheckResult.Fail(requirement, Case, string.Join("\n", problems), "header X-Replay-Of", firstBody == secondBody ? null : $"- {firstBody}\n+ {secondBody}")];
        }

        private IEnumerable<CheckResult> AnswersSigned()
        {
            var requirement = DeploymentRequirements.AnswersSigned;
            if (_answers.Count == 0)
            {
                return [CheckResult.Skip(requirement, "*", "No request was answered: see DEP-SIG-01.")];
            }

            return _answers.Select(a => Signed(requirement, a.Case, a.Exchange));
        }

        private static CheckResult Signed(Requirement requirement, string @case, Exchange exchange)
        {
            var missing = new[] { "Content-Digest", "Signature-Input", "Signature" }.Where(h => exchange.Header(h) is null && !exchange.Response.Content.Headers.Contains(h)).ToList();
            if (missing.Count > 0)
            {
                return CheckResult.Fail(requirement, @case, $"the answer ({exchange.Answer.Summary}) is not signed: no {string.Join(", ", missing)}", "headers " + string.Join(", ", missing));
            }

            var input = exchange.Header("Signature-Input")!;
            var uncovered = new[] { "\"@status\"", "\"content-digest\"", "\"signature\";key=\"sig1\";req" }.Where(c => !input.Contains(c, StringComparison.Ordinal)).ToList();
            if (uncovered.Count > 0)
            {
                return CheckResult.Fail(requirement, @case, $"the answer's signature does not cover {string.Join(", ", uncovered)}", "header Signature-Input", "  " + input);
            }

            return exchange.AnswerEvidence?.Verdict == "valid"
                ? CheckResult.Pass(requirement, @case, $"signed with {exchange.AnswerEvidence.KeyId}, verified with the gateway's keys")
                : CheckResult.Fail(requirement, @case, $"the answer's signature does not verify with the gateway's keys: {exchange.AnswerEvidence?.Verdict ?? "not checked"}", "header Signature", "  Signature-Input: " + input);
        }

        private async Task<IEnumerable<CheckResult>> BoundAsync()
        {
            var requirement = DeploymentRequirements.AnswersBound;
            var (@case, answered) = _answers.FirstOrDefault();
            if (answered?.AnswerEvidence?.Verdict != "valid" || answered.SignedRequest is null)
            {
                return [CheckResult.Skip(requirement, "signed", "No answer verified with the gateway's keys: see DEP-ANS-01.")];
            }

            // The same answer, presented as the answer to another signed request, must not verify.
            HttpMessage? other = _retryFirst?.SignedRequest;
            if (other is null)
            {
                using var another = await SendAsync(Sample.Fresh()).ConfigureAwait(false);
                other = another.SignedRequest!;
            }

            var verifier = new HttpMessageVerifier(target.GatewayKeys, new InMemoryNonceStore(TimeProvider.System), TimeProvider.System);
            var verdict = await verifier.VerifyAsync(HttpMessages.FromResponse(answered.Response, answered.ResponseBody, other), SignatureProfile.ResponsePolicy, cancellationToken).ConfigureAwait(false);
            return [verdict.IsValid
                ? CheckResult.Fail(requirement, @case, "the answer's signature also verifies as the answer to another request: it is not bound to its request (\"signature\";key=\"sig1\";req)", "header Signature-Input")
                : CheckResult.Pass(requirement, @case, $"checked against another request: {verdict.ReasonCode}")];
        }

        private static CheckResult Refusal(Requirement requirement, string @case, string reason, LegacyAnswer answer) =>
            answer.NotRefusedAs(reason) is { } problem
                ? CheckResult.Fail(requirement, @case, problem, answer.Format == LegacyFormat.Hspis ? "Fault/@code" : "http_code", answer.Excerpt)
                : CheckResult.Pass(requirement, @case, "refused: " + answer.Summary);

        private static Task ChangeBodyAsync(HttpRequestMessage request)
        {
            // One more trailing newline: the same document, but not the bytes that were signed.
            var content = new ByteArrayContent([.. ((ByteArrayContent)request.Content!).ReadAsByteArrayAsync().GetAwaiter().GetResult(), (byte)'\n']);
            foreach (var header in request.Content!.Headers.Where(h => h.Key != "Content-Length"))
            {
                content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            request.Content = content;
            return Task.CompletedTask;
        }

        private Task ChangeMember(HttpRequestMessage request)
        {
            request.Headers.Remove(SignatureProfile.MemberHeader);
            request.Headers.TryAddWithoutValidation(SignatureProfile.MemberHeader, target.MemberId + "-CHANGED");
            return Task.CompletedTask;
        }

        private static HttpRequestMessage Copy(HttpRequestMessage request, byte[] body)
        {
            var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Content = new ByteArrayContent(body) };
            foreach (var (name, values) in request.Headers)
            {
                copy.Headers.TryAddWithoutValidation(name, values);
            }

            foreach (var (name, values) in request.Content!.Headers.Where(h => h.Key != "Content-Length"))
            {
                copy.Content.Headers.TryAddWithoutValidation(name, values);
            }

            return copy;
        }

        private Task<Exchange> SendAsync(string body, bool sign = true, Func<HttpRequestMessage, Task>? after = null, TimeProvider? clock = null) =>
            SendAsync(Encoding.UTF8.GetBytes(body), sign, after, clock);

        private async Task<Exchange> SendAsync(byte[] body, bool sign = true, Func<HttpRequestMessage, Task>? after = null, TimeProvider? clock = null)
        {
            using var request = new HttpRequestMessage(new HttpMethod(Sample.Method), new Uri(target.Gateway, Sample.Path)) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(Sample.ContentType);
            foreach (var (name, value) in Sample.Headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            return await SendAsync(request, sign, after, clock).ConfigureAwait(false);
        }

        private async Task<Exchange> SendAsync(HttpRequestMessage request, bool sign, Func<HttpRequestMessage, Task>? after = null, TimeProvider? clock = null)
        {
            HttpMessageHandler handler = new SocketsHttpHandler { AllowAutoRedirect = false };
            if (after is not null)
            {
                handler = new AfterSigning(after) { InnerHandler = handler };
            }

            if (sign)
            {
                handler = new SigningHandler(new SigningHandlerOptions
                {
                    Key = target.Key,
                    MemberId = target.MemberId,
                    TimeProvider = clock ?? TimeProvider.System,
                    ResponseKeys = target.GatewayKeys,
                })
                { InnerHandler = handler };
            }

            using var client = new HttpClient(handler) { Timeout = target.Timeout };
            var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var responseBody = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var signedRequest = sign && request.Content is not null ? HttpMessages.FromRequest(request, await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false)) : null;
            var evidence = SigningHandler.EvidenceOf(request).LastOrDefault(e => e.Direction == "response");
            return new Exchange(signedRequest, new LegacyAnswer((int)response.StatusCode, Encoding.UTF8.GetString(responseBody), Sample.Format), response, responseBody, evidence);
        }
    }
}
