using System.Buffers.Text;
using System.Security.Cryptography;
using Interop.Signatures.Messages;

namespace Interop.Signatures.Signing;

/// <summary>
/// Signs HTTP messages (RFC 9421 §3.1). The clock and the nonce source are injected, so signatures
/// are reproducible in tests.
/// </summary>
public sealed class HttpMessageSigner
{
    private readonly TimeProvider _timeProvider;
    private readonly Func<string> _nonceGenerator;

    /// <summary>Creates a signer.</summary>
    /// <param name="timeProvider">The clock for <c>created</c> and <c>expires</c>.</param>
    /// <param name="nonceGenerator">Makes each <c>nonce</c>; default: 16 random bytes, base64url.</param>
    public HttpMessageSigner(TimeProvider timeProvider, Func<string>? nonceGenerator = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _nonceGenerator = nonceGenerator ?? NewNonce;
    }

    /// <summary>Signs a message: builds the parameters, the signature base, and signs it.</summary>
    /// <returns>The Signature-Input and Signature members, or an error when a covered component is missing.</returns>
    public SignResult Sign(HttpMessage message, SignatureSpecification specification)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(specification);

        var created = DateTimeOffset.FromUnixTimeSeconds(_timeProvider.GetUtcNow().ToUnixTimeSeconds());
        var parameters = SignatureParameters.Create(
            specification.Components,
            created,
            specification.Key.KeyId,
            specification.IncludeAlgorithm ? specification.Key.Algorithm : null,
            specification.ExpiresAfter is { } lifetime ? created + lifetime : null,
            specification.IncludeNonce ? _nonceGenerator() : null,
            specification.Tag);

        return Sign(message, specification.Label, parameters, specification.Key);
    }

    /// <summary>Signs a message with parameters built by the caller (e.g. to reproduce a known signature).</summary>
    public static SignResult Sign(HttpMessage message, string label, SignatureParameters parameters, Keys.SignatureKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var signatureBase = SignatureBase.Create(message, parameters);
        if (!signatureBase.IsSuccess)
        {
            return SignResult.Failure(signatureBase.Error);
        }

        var signature = key.Sign(signatureBase.ToBytes());
        return SignResult.Success(
            label,
            SignatureFields.FormatSignatureInput(label, parameters),
            SignatureFields.FormatSignature(label, signature),
            signatureBase.Value,
            parameters);
    }

    private static string NewNonce() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
}
