namespace Interop.Signatures.AspNetCore;

/// <summary>Why a request was refused before the host saw it: what the caller is told, and nothing more.</summary>
/// <param name="Status">401 for a signature that does not verify, 403 for a member not allowed, 413 for a body too large to verify.</param>
/// <param name="Reason">The profile's reason code (<c>signature-missing</c>, <c>unknown-key</c>, <c>signature-expired</c>, <c>digest-mismatch</c>, <c>replayed</c>, <c>not-allowed</c>, ...), or <c>too-large</c>.</param>
/// <param name="Message">One line for the caller: enough to fix the request, nothing about the trust store or the content.</param>
public sealed record InboundRefusal(int Status, string Reason, string Message)
{
    /// <summary>The reason code and the message, as one line: <c>unknown-key: ...</c>.</summary>
    public override string ToString() => $"{Reason}: {Message}";
}
