using Interop.Signatures.Digests;
using Interop.Signatures.Messages;
using Interop.Signatures.Signing;

namespace Interop.Signatures.Verification;

/// <summary>
/// Verifies a signed HTTP message against a <see cref="VerificationPolicy"/> (RFC 9421 §3.2 plus the
/// gateway's rules) and answers with a <see cref="SignatureVerdict"/>. Bad input never throws.
/// </summary>
/// <remarks>
/// Order of checks: fields present and well formed; signature selected (label, tag); required
/// parameters and components covered; key known, not revoked, algorithm allowed; time window;
/// signature base and cryptographic check; Content-Digest; nonce (last, so forged messages
/// cannot fill the nonce store).
/// </remarks>
public sealed class HttpMessageVerifier
{
    private readonly ISignatureKeyResolver _keys;
    private readonly INonceStore _nonces;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a verifier.</summary>
    /// <param name="keys">Finds keys by key id.</param>
    /// <param name="nonces">Records nonces to refuse replays.</param>
    /// <param name="timeProvider">The clock.</param>
    public HttpMessageVerifier(ISignatureKeyResolver keys, INonceStore nonces, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(nonces);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _keys = keys;
        _nonces = nonces;
        _timeProvider = timeProvider;
    }

    /// <summary>Verifies the signature a message carries in its Signature-Input and Signature fields.</summary>
    public ValueTask<SignatureVerdict> VerifyAsync(HttpMessage message, VerificationPolicy policy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return VerifyAsync(
            message,
            message.Headers.GetCombined(SignatureFields.SignatureInputName),
            message.Headers.GetCombined(SignatureFields.SignatureName),
            policy,
            cancellationToken);
    }

    /// <summary>Verifies a signature given as Signature-Input and Signature field values.</summary>
    public async ValueTask<SignatureVerdict> VerifyAsync(
        HttpMessage message,
        string? signatureInput,
        string? signature,
        VerificationPolicy policy,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(policy);

        if (string.IsNullOrEmpty(signatureInput) || string.IsNullOrEmpty(signature))
        {
            return SignatureVerdict.Refused(SignatureRefusal.SignatureMissing, "the message has no Signature-Input and Signature fields");
        }

        var parsed = SignatureFields.Parse(signatureInput, signature);
        if (!parsed.IsSuccess)
        {
            return SignatureVerdict.Refused(SignatureRefusal.SignatureInvalid, $"malformed signature fields at {parsed.Error}");
        }

        var selected = Select(parsed.Value, policy, out var refusal);
        if (selected is null)
        {
            return refusal!;
        }

        var parameters = selected.Parameters;
        if (selected.Value is not { } signatureBytes)
        {
            return SignatureVerdict.Refused(SignatureRefusal.SignatureMissing, $"Signature has no member '{selected.Label}'", selected);
        }

        if (CheckRequirements(selected, policy) is { } requirementRefusal)
        {
            return requirementRefusal;
        }

        var resolved = await _keys.ResolveAsync(parameters.KeyId!, cancellationToken).ConfigureAwait(false);
        var now = _timeProvider.GetUtcNow();
        if (CheckKey(selected, resolved, policy, now) is { } keyRefusal)
        {
            return keyRefusal;
        }

        if (CheckTime(selected, policy, now) is { } timeRefusal)
        {
            return timeRefusal;
        }

        var signatureBase = SignatureBase.Create(message, parameters);
        if (!signatureBase.IsSuccess)
        {
            return SignatureVerdict.Refused(SignatureRefusal.SignatureInvalid, signatureBase.Error, selected);
        }

        var key = resolved!.Key;
        if (!key.Verify(signatureBase.ToBytes(), signatureBytes.Span))
        {
            return SignatureVerdict.Refused(SignatureRefusal.SignatureInvalid, "the signature does not match the message", selected);
        }

        var digestField = message.Headers.GetCombined(ContentDigest.FieldName);
        if (policy.VerifyContentDigest && message.Content is { } content && (content.Length > 0 || digestField is not null))
        {
            var digest = ContentDigest.Verify(digestField, content.Span, policy.AcceptedDigestAlgorithms);
            if (!digest.IsValid)
            {
                return SignatureVerdict.Refused(SignatureRefusal.DigestMismatch, digest.Detail, selected);
            }
        }

        if (parameters.Nonce is { } nonce)
        {
            var keepUntil = (parameters.Expires ?? (parameters.Created ?? now) + policy.MaxAge) + policy.ClockSkew;
            if (!await _nonces.TryAddAsync(key.KeyId, nonce, keepUntil, cancellationToken).ConfigureAwait(false))
            {
                return SignatureVerdict.Refused(SignatureRefusal.Replayed, "the nonce was already used", selected);
            }
        }

        return SignatureVerdict.Valid(selected.Label, parameters, key.Algorithm);
    }

    private static MessageSignature? Select(IReadOnlyList<MessageSignature> signatures, VerificationPolicy policy, out SignatureVerdict? refusal)
    {
        refusal = null;
        IEnumerable<MessageSignature> candidates = signatures;
        if (policy.Label is { } label)
        {
            candidates = candidates.Where(s => s.Label == label);
            if (!candidates.Any())
            {
                refusal = SignatureVerdict.Refused(SignatureRefusal.SignatureMissing, $"no signature labelled '{label}'");
                return null;
            }
        }

        if (!candidates.Any())
        {
            refusal = SignatureVerdict.Refused(SignatureRefusal.SignatureMissing, "Signature-Input has no members");
            return null;
        }

        if (policy.RequiredTag is { } tag)
        {
            var tagged = candidates.FirstOrDefault(s => s.Parameters.Tag == tag);
            if (tagged is null)
            {
                refusal = SignatureVerdict.Refused(SignatureRefusal.NotAllowed, $"no signature with tag '{tag}'", candidates.First());
            }

            return tagged;
        }

        return candidates.First();
    }

    private static SignatureVerdict? CheckRequirements(MessageSignature signature, VerificationPolicy policy)
    {
        var parameters = signature.Parameters;
        var missing = new List<string>();
        if (parameters.KeyId is null)
        {
            missing.Add("keyid");
        }

        if (policy.RequireCreated && parameters.Created is null)
        {
            missing.Add("created");
        }

        if (policy.RequireExpires && parameters.Expires is null)
        {
            missing.Add("expires");
        }

        if (policy.RequireNonce && parameters.Nonce is null)
        {
            missing.Add("nonce");
        }

        if (missing.Count > 0)
        {
            return SignatureVerdict.Refused(SignatureRefusal.NotAllowed, "missing signature parameters: " + string.Join(", ", missing), signature);
        }

        var uncovered = policy.RequiredComponents.Where(c => !parameters.Components.Contains(c)).Select(c => c.Serialize()).ToList();
        if (uncovered.Count > 0)
        {
            return SignatureVerdict.Refused(SignatureRefusal.NotAllowed, "required components not covered: " + string.Join(" ", uncovered), signature);
        }

        if (parameters.Algorithm is { } alg && !policy.AllowedAlgorithms.Contains(alg))
        {
            return SignatureVerdict.Refused(SignatureRefusal.NotAllowed, $"algorithm '{alg}' is not allowed", signature);
        }

        return null;
    }

    private static SignatureVerdict? CheckKey(MessageSignature signature, ResolvedKey? resolved, VerificationPolicy policy, DateTimeOffset now)
    {
        var parameters = signature.Parameters;
        if (resolved is null)
        {
            return SignatureVerdict.Refused(SignatureRefusal.UnknownKey, $"key '{parameters.KeyId}' is not known", signature);
        }

        if (resolved.IsRevoked)
        {
            return SignatureVerdict.Refused(SignatureRefusal.RevokedKey, $"key '{parameters.KeyId}' is revoked", signature);
        }

        if (resolved.NotBefore > now || resolved.NotAfter < now)
        {
            return SignatureVerdict.Refused(SignatureRefusal.RevokedKey, $"key '{parameters.KeyId}' is outside its validity period", signature);
        }

        if (parameters.Algorithm is { } alg && alg != resolved.Key.Algorithm)
        {
            return SignatureVerdict.Refused(SignatureRefusal.NotAllowed, $"key '{parameters.KeyId}' is not used with '{alg}'", signature);
        }

        if (!policy.AllowedAlgorithms.Contains(resolved.Key.Algorithm))
        {
            return SignatureVerdict.Refused(SignatureRefusal.NotAllowed, $"algorithm '{resolved.Key.Algorithm}' is not allowed", signature);
        }

        return null;
    }

    private static SignatureVerdict? CheckTime(MessageSignature signature, VerificationPolicy policy, DateTimeOffset now)
    {
        var parameters = signature.Parameters;
        if (parameters.Created is { } created)
        {
            if (created > now + policy.ClockSkew)
            {
                return SignatureVerdict.Refused(SignatureRefusal.SignatureExpired, "created is in the future (check the signer's clock)", signature);
            }

            if (now - created > policy.MaxAge + policy.ClockSkew)
            {
                return SignatureVerdict.Refused(SignatureRefusal.SignatureExpired, "the signature is older than the maximum age", signature);
            }
        }

        if (parameters.Expires is { } expires)
        {
            if (parameters.Created is { } c && (expires < c || expires - c > policy.MaxLifetime))
            {
                return SignatureVerdict.Refused(SignatureRefusal.NotAllowed, $"expires must be at most {policy.MaxLifetime.TotalSeconds:0} s after created", signature);
            }

            if (now > expires + policy.ClockSkew)
            {
                return SignatureVerdict.Refused(SignatureRefusal.SignatureExpired, "the signature has expired", signature);
            }
        }

        return null;
    }
}
