using Interop.Signatures.Digests;
using Interop.Signatures.Keys;
using Interop.Signatures.Messages;
using Interop.Signatures.Signing;

namespace Interop.Signatures.Http;

/// <summary>
/// Signs a response for a server: sets Content-Digest and signs <c>@status content-type content-digest</c>
/// and the request's signature (<c>"signature";key="sig1";req</c>), so the answer is bound to its request.
/// </summary>
public sealed class ResponseSigner
{
    private readonly SignatureKey _key;
    private readonly string _tag;
    private readonly HttpMessageSigner _signer;

    /// <summary>Creates a signer.</summary>
    /// <param name="key">The server member's private key.</param>
    /// <param name="timeProvider">The clock; default the system clock.</param>
    /// <param name="tag">The <c>tag</c>; default <c>kh-interop</c>.</param>
    public ResponseSigner(SignatureKey key, TimeProvider? timeProvider = null, string tag = SignatureProfile.Tag)
    {
        ArgumentNullException.ThrowIfNull(key);
        _key = key;
        _tag = tag;
        _signer = new HttpMessageSigner(timeProvider ?? TimeProvider.System);
    }

    /// <summary>Signs a response: replaces Content-Digest and any signature in the headers, then adds Signature-Input and Signature.</summary>
    /// <param name="status">The status code.</param>
    /// <param name="headers">The response headers; changed in place.</param>
    /// <param name="body">The response body.</param>
    /// <param name="request">The signed request it answers (with its <c>sig1</c> Signature field).</param>
    /// <returns>The signature (for the transaction log), or why it failed (e.g. the request has no <c>sig1</c>).</returns>
    public SignResult Sign(int status, HttpFields headers, ReadOnlySpan<byte> body, HttpMessage request)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(request);
        headers.Remove(SignatureFields.SignatureInputName).Remove(SignatureFields.SignatureName).Set(ContentDigest.FieldName, ContentDigest.Create(body));
        var response = HttpMessage.Response(status, headers, request);
        var signed = _signer.Sign(response, new SignatureSpecification
        {
            Key = _key,
            Components = SignatureProfile.CoveredIn(SignatureProfile.ResponseComponents, headers),
            Label = SignatureProfile.Label,
            Tag = _tag,
        });
        if (signed.IsSuccess)
        {
            signed.ApplyTo(headers);
        }

        return signed;
    }

    /// <summary>Signs an <see cref="HttpResponseMessage"/> (its content is read): sets Content-Digest, Signature-Input and Signature.</summary>
    /// <returns>The signature, or why it failed.</returns>
    public async Task<SignResult> SignAsync(HttpResponseMessage response, HttpMessage request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = response.Content is null ? [] : await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var headers = HttpMessages.FromResponse(response, body, request).Headers;
        var signed = Sign((int)response.StatusCode, headers, body, request);
        if (signed.IsSuccess)
        {
            foreach (var name in new[] { ContentDigest.FieldName, SignatureFields.SignatureInputName, SignatureFields.SignatureName })
            {
                response.Headers.Remove(name);
                response.Content?.Headers.Remove(name);
                response.Headers.TryAddWithoutValidation(name, headers.GetValues(name));
            }
        }

        return signed;
    }
}
