namespace Interop.Signatures.Http;

/// <summary>What one signature of a hop proves, for the transaction log: enough to settle a dispute from the log alone.</summary>
/// <param name="Direction"><c>request</c> or <c>response</c>.</param>
/// <param name="Label">The signature label (<c>sig1</c>).</param>
/// <param name="KeyId">The <c>keyid</c>, when the message carried one.</param>
/// <param name="Algorithm">The <c>alg</c>, when known.</param>
/// <param name="SignatureInput">The Signature-Input field value, when present.</param>
/// <param name="Signature">The Signature field value, when present.</param>
/// <param name="SignatureBase">The signature base that was signed or verified, when it could be built.</param>
/// <param name="ContentDigest">The Content-Digest field value, when present.</param>
/// <param name="Verdict"><c>signed</c> for what we signed, <c>valid</c> for a verified signature, else the refusal code (e.g. <c>signature-invalid</c>).</param>
public sealed record SignatureEvidence(
    string Direction,
    string Label,
    string? KeyId,
    string? Algorithm,
    string? SignatureInput,
    string? Signature,
    string? SignatureBase,
    string? ContentDigest,
    string Verdict);
