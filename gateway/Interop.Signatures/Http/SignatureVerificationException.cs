using Interop.Signatures.Verification;

namespace Interop.Signatures.Http;

/// <summary>A signature that had to be valid was refused (e.g. an upstream's response); carries the verdict.</summary>
public sealed class SignatureVerificationException : Exception
{
    /// <summary>Creates an exception for a refused signature.</summary>
    /// <param name="verdict">The refusal.</param>
    public SignatureVerificationException(SignatureVerdict verdict)
        : base($"response signature refused: {verdict}")
    {
        ArgumentNullException.ThrowIfNull(verdict);
        Verdict = verdict;
    }

    /// <summary>The verifier's answer (its <see cref="SignatureVerdict.ReasonCode"/> says why).</summary>
    public SignatureVerdict Verdict { get; }

    /// <summary>The refusal code, e.g. <c>signature-invalid</c>.</summary>
    public string? ReasonCode => Verdict.ReasonCode;
}
