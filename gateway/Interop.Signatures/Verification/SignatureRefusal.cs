namespace Interop.Signatures.Verification;

/// <summary>Why a signed message was refused. <see cref="SignatureRefusalCodes"/> gives the wire code of each.</summary>
public enum SignatureRefusal
{
    /// <summary><c>signature-missing</c>: no Signature-Input / Signature, or no signature with the expected label.</summary>
    SignatureMissing,

    /// <summary><c>signature-invalid</c>: malformed fields, a covered component absent, or the signature does not verify.</summary>
    SignatureInvalid,

    /// <summary><c>unknown-key</c>: the key id is not in the trust store.</summary>
    UnknownKey,

    /// <summary><c>signature-expired</c>: too old, past <c>expires</c>, or <c>created</c> in the future beyond the clock skew.</summary>
    SignatureExpired,

    /// <summary><c>replayed</c>: the nonce was already used within the window.</summary>
    Replayed,

    /// <summary><c>digest-mismatch</c>: Content-Digest absent, malformed, with no accepted algorithm, or not matching the content.</summary>
    DigestMismatch,

    /// <summary><c>not-allowed</c>: a required component or parameter not covered, wrong tag, algorithm not allowed, lifetime too long.</summary>
    NotAllowed,

    /// <summary><c>revoked-key</c>: the key is revoked, or outside its validity period.</summary>
    RevokedKey,
}

/// <summary>The wire codes of <see cref="SignatureRefusal"/>, for error answers and the transaction log.</summary>
public static class SignatureRefusalCodes
{
    /// <summary>The code of a refusal, e.g. <c>signature-invalid</c>.</summary>
    public static string ToCode(this SignatureRefusal refusal) => refusal switch
    {
        SignatureRefusal.SignatureMissing => "signature-missing",
        SignatureRefusal.SignatureInvalid => "signature-invalid",
        SignatureRefusal.UnknownKey => "unknown-key",
        SignatureRefusal.SignatureExpired => "signature-expired",
        SignatureRefusal.Replayed => "replayed",
        SignatureRefusal.DigestMismatch => "digest-mismatch",
        SignatureRefusal.NotAllowed => "not-allowed",
        SignatureRefusal.RevokedKey => "revoked-key",
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal, "unknown refusal"),
    };
}
