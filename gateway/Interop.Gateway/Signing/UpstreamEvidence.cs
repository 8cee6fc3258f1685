using Interop.Gateway.Transactions;
using Interop.Signatures.Http;

namespace Interop.Gateway.Signing;

/// <summary>Turns the signing handler's evidence of an outgoing hop into the log's <see cref="HopEvidence"/>.</summary>
internal static class UpstreamEvidence
{
    public static HopEvidence From(SignatureEvidence hop, string peer) => new(
        hop.Direction == "request" ? "upstream-request" : "upstream-answer",
        peer,
        hop.KeyId,
        hop.Algorithm,
        hop.SignatureInput,
        hop.Signature,
        hop.SignatureBase,
        hop.ContentDigest,
        hop.Verdict);
}
