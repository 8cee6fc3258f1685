using Interop.Signatures.Http;
using Interop.Signatures.Trust;
using Interop.Signatures.Verification;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Interop.Signatures.AspNetCore;

/// <summary>
/// Checks a request against the profile (<c>standards/signing.md</c>, "What the receiver checks"): the signature with
/// its key, time, digest and nonce; that the key belongs to the member named in <c>X-Member-Id</c> (or to a mediator);
/// and that the signing member may call the route.
/// </summary>
internal sealed class InboundSignatureVerifier
{
    private readonly SignedExchangeOptions _options;
    private readonly ReloadingTrustStore _trust;
    private readonly HttpMessageVerifier _verifier;

    public InboundSignatureVerifier(IOptions<SignedExchangeOptions> options, ReloadingTrustStore trust, INonceStore nonces, TimeProvider clock)
    {
        _options = options.Value;
        _trust = trust;
        _verifier = new HttpMessageVerifier(trust, nonces, clock);
    }

    /// <summary>Checks the request; <paramref name="routeId"/> null means no endpoint matched (the answer will be a 404).</summary>
    public async Task<InboundCheck> VerifyAsync(HttpContext http, ReadOnlyMemory<byte> body, string? routeId, bool endpointMatched, CancellationToken cancellationToken)
    {
        var request = HttpContextMessages.FromRequest(http, body);
        var policy = SignatureProfile.RequestPolicy with
        {
            Label = SignatureProfile.Label, // the answer covers "signature";key="sig1";req
            RequiredTag = _options.Tag,
            RequiredComponents = request.Headers.Contains("content-type")
                ? SignatureProfile.RequestComponents
                : [.. SignatureProfile.RequestComponents.Where(c => c.Name != "content-type")],
        };
        var verdict = await _verifier.VerifyAsync(request, policy, cancellationToken);
        var key = verdict.KeyId is { } kid ? await _trust.ResolveAsync(kid, cancellationToken) : null;
        if (!verdict.IsValid)
        {
            var refusal = new InboundRefusal(StatusCodes.Status401Unauthorized, verdict.ReasonCode, Explain(verdict.Refusal.Value));
            return new InboundCheck(null, null, key?.Key.KeyId, refusal);
        }

        var named = request.Headers.GetCombined(SignatureProfile.MemberHeader);
        var signer = key?.Owner;
        if (signer is null || named is null || (signer != named && !_options.Mediators.Contains(signer, StringComparer.Ordinal)))
        {
            return new InboundCheck(request, signer, verdict.KeyId, NotAllowed($"The signing key does not belong to the member named in {SignatureProfile.MemberHeader}."));
        }

        // No endpoint at all: nothing runs but the host's 404. An endpoint without a route id is refused, never open by omission.
        var allowed = !endpointMatched || (routeId is not null && _trust.IsAllowed(signer, routeId));
        return new InboundCheck(request, signer, verdict.KeyId, allowed ? null : NotAllowed("This member is not allowed on this route."));
    }

    private static InboundRefusal NotAllowed(string message) =>
        new(StatusCodes.Status403Forbidden, SignatureRefusal.NotAllowed.ToCode(), message);

    /// <summary>What a refused caller is told for each reason: enough to fix the request, nothing about the trust store's content.</summary>
    private static string Explain(SignatureRefusal refusal) => refusal switch
    {
        SignatureRefusal.SignatureMissing => "The request is not signed (Signature-Input and Signature with label sig1, RFC 9421).",
        SignatureRefusal.UnknownKey => "The signature's keyid is not in this service's trust store.",
        SignatureRefusal.RevokedKey => "The signing key is revoked or outside its validity period.",
        SignatureRefusal.SignatureExpired => "The signature has expired, or was created in the future.",
        SignatureRefusal.Replayed => "This signature's nonce was already used: sign every request afresh.",
        SignatureRefusal.DigestMismatch => "Content-Digest does not match the body (sha-256 or sha-512).",
        SignatureRefusal.NotAllowed => "The signature does not follow the kh-interop profile (covered components, tag, algorithm or lifetime).",
        _ => "The signature does not verify for this request.",
    };
}
