namespace Interop.Gateway.Transactions;

/// <summary>
/// What the log keeps of one signed hop, enough to settle a dispute from the log alone: who signed (key id, member),
/// the exact signature base, the <c>Signature-Input</c> and <c>Signature</c> field values and the body's digest.
/// </summary>
/// <param name="Hop">Which hop: <c>inbound</c> (the caller's request), <c>answer</c> (our answer to it), <c>upstream-request</c>, <c>upstream-answer</c>.</param>
/// <param name="Peer">The other party of the hop (the member that sent or receives it).</param>
/// <param name="KeyId">The key that signed.</param>
/// <param name="Algorithm">The algorithm (<c>alg</c>).</param>
/// <param name="SignatureInput">The <c>Signature-Input</c> field value.</param>
/// <param name="Signature">The <c>Signature</c> field value.</param>
/// <param name="SignatureBase">The signature base (RFC 9421 §2.5), exactly as signed or verified.</param>
/// <param name="ContentDigest">The <c>Content-Digest</c> field value.</param>
/// <param name="Outcome"><c>signed</c>, <c>valid</c>, or the refusal reason code.</param>
public sealed record HopEvidence(
    string Hop,
    string Peer,
    string? KeyId,
    string? Algorithm,
    string? SignatureInput,
    string? Signature,
    string? SignatureBase,
    string? ContentDigest,
    string Outcome);
