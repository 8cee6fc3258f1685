using Interop.Gateway.Transactions;
using Interop.Signatures.AspNetCore;
using Interop.Signatures.Components;
using Interop.Signatures.Digests;
using Interop.Signatures.Http;
using Interop.Signatures.Keys;
using Interop.Signatures.Messages;
using Interop.Signatures.Signing;
using Interop.Signatures.Trust;
using Interop.Signatures.Verification;
using Microsoft.Extensions.Options;

namespace Interop.Gateway.Signing;

/// <summary>The outcome of checking a caller's signature: the member it proves, or why it was refused.</summary>
internal sealed record InboundCheck
{
    /// <summary>The member the request is sent for (its <c>X-Member-Id</c>, proven by the signature).</summary>
    public string? Member { get; init; }

    /// <summary>The request as verified, to bind the answer's signature to it.</summary>
    public HttpMessage? Request { get; init; }

    /// <summary>The label of the verified signature.</summary>
    public string? Label { get; init; }

    public HopEvidence? Evidence { get; init; }

    /// <summary>The gateway-error code of a refusal (<c>signature-missing</c>, <c>unknown-key</c>, ...).</summary>
    public string? RefusalCode { get; init; }

    /// <summary>What the caller is told: what was wrong, nothing more.</summary>
    public string? RefusalMessage { get; init; }

    public bool IsValid => RefusalCode is null;

    /// <summary>
    /// Whether the answer can be signed bound to the request: it carried a signature (valid or refused). A refusal is
    /// signed too, so that an edge can tell the central gateway's refusal (expired, unknown key) from a forged answer
    /// and pass it on, instead of "retry later".
    /// </summary>
    public bool CanBeAnswered => Request is not null && Label is not null;
}

/// <summary>
/// The gateway's side of the signature profile (<c>standards/signing.md</c>): verifies what callers send (central mode),
/// signs what the gateway answers, bound to the request's signature, and keeps the evidence of both for the log.
/// </summary>
internal sealed partial class MessageSignatures
{
    public const string MemberHeader = "X-Member-Id";

    private static readonly ComponentIdentifier ContentType = ComponentIdentifier.Field("content-type");

    private readonly SigningOptions _options;
    private readonly SignatureKey? _key;
    private readonly ReloadingTrustStore _trust;
    private readonly HttpMessageVerifier _verifier;
    private readonly HttpMessageSigner _signer;
    private readonly ILogger<MessageSignatures> _logger;

    public MessageSignatures(IOptions<SigningOptions> options, SigningKeyHolder key, ReloadingTrustStore trust, INonceStore nonces, TimeProvider clock, ILogger<MessageSignatures> logger)
    {
        _options = options.Value;
        _key = key.Key;
        _trust = trust;
        _verifier = new HttpMessageVerifier(trust, nonces, clock);
        _signer = new HttpMessageSigner(clock);
        _logger = logger;
    }

    public SigningMode Mode => _options.Mode;

    /// <summary>The member this process signs as.</summary>
    public string Member => _options.Member;

    /// <summary>Whether inbound requests must be signed (central mode).</summary>
    public bool VerifiesInbound => _options.Mode == SigningMode.Central;

    /// <summary>The components a request must cover: content type only when it has a body (a GET has none).</summary>
    public static IReadOnlyList<ComponentIdentifier> RequestComponents(bool hasContentType) =>
        hasContentType ? VerificationPolicy.GatewayRequestComponents : [.. VerificationPolicy.GatewayRequestComponents.Where(c => !c.Equals(ContentType))];

    /// <summary>The components of an answer: status, content type (when there is one), digest, and the request's signature (<c>;req</c>).</summary>
    public static IReadOnlyList<ComponentIdentifier> AnswerComponents(string requestLabel, bool hasContentType) =>
        hasContentType
            ? [ComponentIdentifier.Status, ContentType, ComponentIdentifier.Field(ContentDigest.FieldName), ComponentIdentifier.Field("signature").WithKey(requestLabel).FromRequest()]
            : [ComponentIdentifier.Status, ComponentIdentifier.Field(ContentDigest.FieldName), ComponentIdentifier.Field("signature").WithKey(requestLabel).FromRequest()];

    /// <summary>Checks the caller's signature, that its key belongs to the member named in <c>X-Member-Id</c>, and that the member may call the route.</summary>
    public async Task<InboundCheck> VerifyInboundAsync(HttpContext http, ReadOnlyMemory<byte> body, string routeId, CancellationToken cancellationToken)
    {
        var message = HttpContextMessages.FromRequest(http, body);
        var claimed = message.Headers.GetCombined(MemberHeader);
        var policy = new VerificationPolicy
        {
            RequiredComponents = RequestComponents(message.Headers.Contains("content-type")),
            RequiredTag = _options.Tag,
        };
        var verdict = await _verifier.VerifyAsync(message, policy, cancellationToken);
        var evidence = Evidence("inbound", claimed ?? "?", message, verdict.Parameters, verdict.IsValid ? "valid" : verdict.ReasonCode!);
        var refused = new InboundCheck { Member = claimed, Request = message, Label = SignedLabel(message, verdict.Label), Evidence = evidence };
        if (!verdict.IsValid)
        {
            return Refuse(routeId, refused, verdict.ReasonCode!, Explain(verdict.ReasonCode!));
        }

        var owner = (await _trust.ResolveAsync(verdict.KeyId!, cancellationToken))?.Owner;
        if (owner is null || claimed is null || (owner != claimed && !_options.Mediators.Contains(owner, StringComparer.Ordinal)))
        {
            return Refuse(routeId, refused with { Evidence = evidence with { Outcome = "not-allowed" } }, "not-allowed", $"The signing key does not belong to the member named in {MemberHeader}.");
        }

        if (!_trust.Current.IsAllowed(owner, routeId))
        {
            return Refuse(routeId, refused with { Evidence = evidence with { Outcome = "not-allowed" } }, "not-allowed", "This member is not allowed on this route.");
        }

        return new InboundCheck { Member = claimed, Request = message, Label = verdict.Label, Evidence = evidence };
    }

    /// <summary>Signs an answer to a verified request: the headers to add (<c>Content-Digest</c>, <c>Signature-Input</c>, <c>Signature</c>) and the evidence.</summary>
    /// <remarks>Signs with <paramref name="key"/> when given (the sandbox upstreams sign with theirs), else with this process's own key.</remarks>
    public (HttpFields Headers, HopEvidence Evidence)? SignAnswer(InboundCheck inbound, int status, string contentType, ReadOnlyMemory<byte> body, SignatureKey? key = null)
    {
        key ??= _key;
        if (key is null || inbound.Request is null || inbound.Label is null)
        {
            return null;
        }

        var headers = new HttpFields().Add(ContentDigest.FieldName, ContentDigest.Create(body.Span));
        if (contentType.Length > 0)
        {
            headers.Add("Content-Type", contentType);
        }

        var answer = HttpMessage.Response(status, headers, inbound.Request, body);
        var signed = _signer.Sign(answer, new SignatureSpecification { Key = key, Components = AnswerComponents(inbound.Label, contentType.Length > 0), Tag = _options.Tag });
        if (!signed.IsSuccess)
        {
            LogSigningFailed(_logger, signed.Error ?? "?");
            return null;
        }

        var added = new HttpFields().Add(ContentDigest.FieldName, headers.GetCombined(ContentDigest.FieldName)!);
        signed.ApplyTo(added);
        return (added, new HopEvidence("answer", inbound.Member ?? "?", key.KeyId, key.Algorithm, signed.SignatureInput, signed.Signature, signed.SignatureBase, headers.GetCombined(ContentDigest.FieldName), "signed"));
    }

    /// <summary>The evidence of a verified (or refused) message: the base is rebuilt from the parameters the signature declared.</summary>
    public static HopEvidence Evidence(string hop, string peer, HttpMessage message, SignatureParameters? parameters, string outcome) => new(
        hop,
        peer,
        parameters?.KeyId,
        parameters?.Algorithm,
        message.Headers.GetCombined(SignatureFields.SignatureInputName),
        message.Headers.GetCombined(SignatureFields.SignatureName),
        parameters is null ? null : SignatureBase.Create(message, parameters).Value,
        message.Headers.GetCombined(ContentDigest.FieldName),
        outcome);

    private InboundCheck Refuse(string routeId, InboundCheck check, string code, string message)
    {
        LogSecurityEvent(_logger, code, routeId, check.Member ?? "(none)", check.Evidence?.KeyId ?? "(none)");
        return check with { RefusalCode = code, RefusalMessage = message };
    }

    /// <summary>The label of the request's signature an answer can be bound to: the verified one, else the profile's when the request carries it.</summary>
    private static string? SignedLabel(HttpMessage request, string? verified)
    {
        if (verified is not null)
        {
            return verified;
        }

        return SignatureFields.Read(request.Headers) is { IsSuccess: true } parsed && parsed.Value!.Any(s => s.Label == SignatureProfile.Label && s.Value is not null)
            ? SignatureProfile.Label
            : null;
    }

    /// <summary>What a refused caller is told for each reason: enough to fix it, nothing about the trust store's content.</summary>
    private static string Explain(string code) => code switch
    {
        "signature-missing" => "The request is not signed: send Signature-Input and Signature (RFC 9421) as standards/signing.md describes.",
        "unknown-key" => "The signature's keyid is not in the trust store.",
        "revoked-key" => "The signature's key is revoked or outside its validity period.",
        "signature-expired" => "The signature has expired or was created in the future.",
        "replayed" => "This signature's nonce was already used: sign every request afresh.",
        "digest-mismatch" => "Content-Digest does not match the body (sha-256 or sha-512 required).",
        "not-allowed" => "The signature does not follow the profile (covered components, tag, algorithm or lifetime).",
        _ => "The signature does not verify for this request.",
    };

    [LoggerMessage(Level = LogLevel.Warning, EventName = "SecurityEvent", Message = "Security event: request refused ({Reason}) on route {Route} for member {Member}, key {KeyId}")]
    private static partial void LogSecurityEvent(ILogger logger, string reason, string route, string member, string keyId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not sign an answer: {Error}")]
    private static partial void LogSigningFailed(ILogger logger, string error);
}

/// <summary>This process's private signing key, when signing is on.</summary>
internal sealed record SigningKeyHolder(SignatureKey? Key);
