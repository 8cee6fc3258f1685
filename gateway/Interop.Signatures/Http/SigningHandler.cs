using Interop.Signatures.Digests;
using Interop.Signatures.Messages;
using Interop.Signatures.Signing;
using Interop.Signatures.Verification;

namespace Interop.Signatures.Http;

/// <summary>
/// Signs every request an <see cref="HttpClient"/> sends with the member's key (profile <c>kh-interop</c>,
/// label <c>sig1</c>), and verifies the response's signature, bound to the request's with <c>;req</c>.
/// The evidence of both is recorded under <see cref="EvidenceKey"/> in <see cref="HttpRequestMessage.Options"/>.
/// </summary>
public sealed class SigningHandler : DelegatingHandler
{
    private readonly SigningHandlerOptions _options;
    private readonly HttpMessageSigner _signer;
    private readonly HttpMessageVerifier? _responseVerifier;
    private readonly VerificationPolicy _responsePolicy;

    /// <summary>Creates a handler; set <see cref="DelegatingHandler.InnerHandler"/> or add it to an HTTP client factory pipeline.</summary>
    /// <exception cref="ArgumentException">The key or member id is missing, or a signed response is required without response keys.</exception>
    public SigningHandler(SigningHandlerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Key is null)
        {
            throw new ArgumentException("SigningHandlerOptions.Key is required", nameof(options));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(options.MemberId, nameof(options) + ".MemberId");
        ArgumentException.ThrowIfNullOrWhiteSpace(options.MemberHeader, nameof(options) + ".MemberHeader");
        if (options.RequireSignedResponse && options.ResponseKeys is null)
        {
            throw new ArgumentException("RequireSignedResponse needs ResponseKeys", nameof(options));
        }

        _options = options;
        _signer = new HttpMessageSigner(options.TimeProvider);
        _responsePolicy = SignatureProfile.ResponsePolicy with { RequiredTag = options.Tag };
        if (options.ResponseKeys is { } keys)
        {
            _responseVerifier = new HttpMessageVerifier(keys, options.ResponseNonces ?? new InMemoryNonceStore(options.TimeProvider), options.TimeProvider);
        }
    }

    /// <summary>Creates a handler sending through an inner handler.</summary>
    public SigningHandler(SigningHandlerOptions options, HttpMessageHandler innerHandler)
        : this(options)
    {
        InnerHandler = innerHandler;
    }

    /// <summary>Where the evidence of each hop's signatures is recorded: the request's, then the response's.</summary>
    public static HttpRequestOptionsKey<List<SignatureEvidence>> EvidenceKey { get; } = new("Interop.Signatures.Evidence");

    /// <summary>The evidence recorded on a request, or an empty list.</summary>
    public static IReadOnlyList<SignatureEvidence> EvidenceOf(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Options.TryGetValue(EvidenceKey, out var list) ? list : [];
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var signedRequest = await SignAsync(request, cancellationToken).ConfigureAwait(false);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (_responseVerifier is null)
        {
            return response;
        }

        // Buffered here, so the caller can still read the content.
        var body = response.Content is null ? [] : await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var received = HttpMessages.FromResponse(response, body, signedRequest);
        var verdict = await _responseVerifier.VerifyAsync(received, _responsePolicy, cancellationToken).ConfigureAwait(false);
        Record(request, Evidence("response", received, verdict));
        if (!verdict.IsValid && _options.RequireSignedResponse)
        {
            response.Dispose();
            throw new SignatureVerificationException(verdict);
        }

        return response;
    }

    private async Task<HttpMessage> SignAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Buffering makes the content readable again when the inner handler sends it.
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);

        var named = _options.ActsForRequestMember && request.Headers.TryGetValues(_options.MemberHeader, out var given) ? given.FirstOrDefault() : null;

        // A retried request comes through again: replace what an earlier attempt set.
        foreach (var name in new[] { _options.MemberHeader, ContentDigest.FieldName, SignatureFields.SignatureInputName, SignatureFields.SignatureName })
        {
            request.Headers.Remove(name);
            request.Content?.Headers.Remove(name);
        }

        request.Headers.TryAddWithoutValidation(_options.MemberHeader, string.IsNullOrEmpty(named) ? _options.MemberId : named);
        request.Headers.TryAddWithoutValidation("Content-Digest", ContentDigest.Create(body));

        var message = HttpMessages.FromRequest(request, body);
        var signed = _signer.Sign(message, new SignatureSpecification
        {
            Key = _options.Key,
            Components = SignatureProfile.CoveredIn(SignatureProfile.RequestComponents, message.Headers, _options.MemberHeader),
            Label = SignatureProfile.Label,
            Tag = _options.Tag,
        });
        if (!signed.IsSuccess)
        {
            throw new InvalidOperationException("cannot sign the request: " + signed.Error);
        }

        request.Headers.TryAddWithoutValidation("Signature-Input", signed.SignatureInput);
        request.Headers.TryAddWithoutValidation("Signature", signed.Signature);
        signed.ApplyTo(message.Headers);
        Record(request, Evidence("request", message, signed));
        return message;
    }

    /// <summary>The evidence of a signature we made.</summary>
    internal static SignatureEvidence Evidence(string direction, HttpMessage message, SignResult signed) =>
        new(
            direction,
            signed.Label!,
            signed.Parameters!.KeyId,
            signed.Parameters.Algorithm,
            signed.SignatureInput,
            signed.Signature,
            signed.SignatureBase,
            message.Headers.GetCombined(ContentDigest.FieldName),
            "signed");

    /// <summary>The evidence of a signature we verified (or refused).</summary>
    internal static SignatureEvidence Evidence(string direction, HttpMessage message, SignatureVerdict verdict)
    {
        var signatureBase = verdict.Parameters is { } parameters && SignatureBase.Create(message, parameters) is { IsSuccess: true } built
            ? built.Value
            : null;
        return new(
            direction,
            verdict.Label ?? SignatureProfile.Label,
            verdict.KeyId,
            verdict.Algorithm ?? verdict.Parameters?.Algorithm,
            message.Headers.GetCombined(SignatureFields.SignatureInputName),
            message.Headers.GetCombined(SignatureFields.SignatureName),
            signatureBase,
            message.Headers.GetCombined(ContentDigest.FieldName),
            verdict.IsValid ? "valid" : verdict.ReasonCode);
    }

    private static void Record(HttpRequestMessage request, SignatureEvidence evidence)
    {
        if (!request.Options.TryGetValue(EvidenceKey, out var list))
        {
            list = [];
            request.Options.Set(EvidenceKey, list);
        }

        list.Add(evidence);
    }
}
