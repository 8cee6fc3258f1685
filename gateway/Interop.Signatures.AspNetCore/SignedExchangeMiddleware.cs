using System.Buffers;
using Interop.Signatures.Digests;
using Interop.Signatures.Http;
using Interop.Signatures.Messages;
using Interop.Signatures.Signing;
using Interop.Signatures.Trust;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Interop.Signatures.AspNetCore;

/// <summary>
/// For requests under the signed paths: refuses what does not verify (in the host's format, before the host sees the
/// request), and signs the answer with this service's key, bound to the request's signature (<c>;req</c>).
/// </summary>
internal sealed partial class SignedExchangeMiddleware
{
    private static readonly string[] SignatureHeaders = [ContentDigest.FieldName, SignatureFields.SignatureInputName, SignatureFields.SignatureName];

    private readonly RequestDelegate _next;
    private readonly SignedExchangeOptions _options;
    private readonly InboundSignatureVerifier? _verifier;
    private readonly ResponseSigner? _signer;
    private readonly ILogger<SignedExchangeMiddleware> _logger;

    public SignedExchangeMiddleware(RequestDelegate next, IOptions<SignedExchangeOptions> options, IServiceProvider services, ILogger<SignedExchangeMiddleware> logger)
    {
        _next = next;
        _options = options.Value;
        _logger = logger;
        if (_options.Mode == SignedExchangeMode.Off)
        {
            LogSigningOff(logger);
            return;
        }

        // Resolved here, when the pipeline is built at start-up: a missing or bad key stops the host with the reason.
        var key = services.GetRequiredService<SigningKeyHolder>().Key!;
        _signer = new ResponseSigner(key, services.GetRequiredService<TimeProvider>(), _options.Tag);
        _verifier = services.GetRequiredService<InboundSignatureVerifier>();
        if (services.GetRequiredService<ReloadingTrustStore>().Current.Members.Count == 0)
        {
            LogNobodyTrusted(logger);
        }
    }

    public async Task InvokeAsync(HttpContext http)
    {
        if (_verifier is null || !_options.Paths.Exists(p => http.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
        {
            await _next(http);
            return;
        }

        var body = await ReadBodyAsync(http.Request, _options.MaxRequestBytes, http.RequestAborted);
        if (body is null)
        {
            await RefuseAsync(http, new InboundRefusal(StatusCodes.Status413PayloadTooLarge, "too-large", $"The body is larger than {_options.MaxRequestBytes} bytes."), null);
            return;
        }

        var endpoint = http.GetEndpoint();
        var routeId = endpoint?.Metadata.GetMetadata<SignedRouteMetadata>()?.RouteId;
        var check = await _verifier.VerifyAsync(http, body, routeId, endpoint is not null, http.RequestAborted);
        if (check.Refusal is { } refusal)
        {
            LogRefused(_logger, refusal.Reason, routeId ?? "(none)", check.Signer ?? "(unknown)", check.KnownKeyId ?? "(unknown)");
            await RefuseAsync(http, refusal, check);
            return;
        }

        http.Request.Body = new MemoryStream(body, writable: false);
        await AnswerSignedAsync(http, check.VerifiedRequest!, _next);
    }

    /// <summary>The body, or null when it is larger than the limit (read no further).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        var reader = request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            var buffered = read.Buffer;
            if (buffered.Length > limit || read.IsCompleted)
            {
                var body = buffered.Length > limit ? null : buffered.ToArray();
                reader.AdvanceTo(buffered.End);
                return body;
            }

            reader.AdvanceTo(buffered.Start, buffered.End); // nothing consumed yet: wait for more
        }
    }

    /// <summary>A refusal in the host's format; signed when the request's own signature verified (a member not allowed), so the caller can trust it.</summary>
    private Task RefuseAsync(HttpContext http, InboundRefusal refusal, InboundCheck? check)
    {
        http.Response.StatusCode = refusal.Status;
        var write = _options.WriteRefusal ?? WriteProblemAsync;
        return check?.VerifiedRequest is { } verified
            ? AnswerSignedAsync(http, verified, context => write(context, refusal))
            : write(http, refusal);
    }

    private async Task AnswerSignedAsync(HttpContext http, HttpMessage request, RequestDelegate produce)
    {
        // The answer is produced into a buffer (Body and BodyWriter alike), signed, then sent with its signature headers.
        var server = http.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        using var answer = new MemoryStream();
        var buffering = new StreamResponseBodyFeature(answer);
        http.Features.Set<IHttpResponseBodyFeature>(buffering);
        try
        {
            await produce(http);
            await buffering.CompleteAsync();
        }
        finally
        {
            http.Features.Set(server);
        }

        var content = answer.ToArray();
        var fields = http.Response.ContentType is { Length: > 0 } contentType ? new HttpFields().Add("Content-Type", contentType) : new HttpFields();
        var signed = _signer!.Sign(http.Response.StatusCode, fields, content, request);
        if (signed.IsSuccess)
        {
            foreach (var name in SignatureHeaders)
            {
                http.Response.Headers[name] = fields.GetCombined(name);
            }
        }
        else
        {
            LogSigningFailed(_logger, signed.Error ?? "?");
        }

        http.Response.ContentLength = content.Length;
        await http.Response.Body.WriteAsync(content, http.RequestAborted);
    }

    private static Task WriteProblemAsync(HttpContext http, InboundRefusal refusal) =>
        Results.Problem(detail: refusal.Message, statusCode: refusal.Status, title: refusal.Reason).ExecuteAsync(http);

    [LoggerMessage(Level = LogLevel.Warning, EventName = "SecurityEvent", Message = "Security event: request refused ({Reason}) on route {Route}, signed by {Signer} with key {KeyId}")]
    private static partial void LogRefused(ILogger logger, string reason, string route, string signer, string keyId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not sign an answer: {Error}; it goes unsigned and its receiver will refuse it")]
    private static partial void LogSigningFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The trust store (section Trust) lists no members: every signed request will be refused until members are added")]
    private static partial void LogNobodyTrusted(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Signing:Mode is Off: requests are not verified and answers not signed (tests and local trials only, never production)")]
    private static partial void LogSigningOff(ILogger logger);
}
