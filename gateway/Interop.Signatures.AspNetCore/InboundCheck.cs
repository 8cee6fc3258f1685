using Interop.Signatures.Messages;

namespace Interop.Signatures.AspNetCore;

/// <summary>The outcome of checking a request: the verified request and who sent it, or the refusal.</summary>
internal sealed record InboundCheck
{
    /// <summary>The request whose signature verified (the answer is bound to it), even when the member is then refused.</summary>
    public HttpMessage? VerifiedRequest { get; init; }

    /// <summary>The member the request names (<c>X-Member-Id</c>), once proven.</summary>
    public string? Member { get; init; }

    /// <summary>The member whose key signed (the named member, or a mediator acting for it).</summary>
    public string? Signer { get; init; }

    /// <summary>Why the request is refused; null when it may go on.</summary>
    public InboundRefusal? Refusal { get; init; }

    /// <summary>The key id to log: only one the trust store knows, never a caller's arbitrary text.</summary>
    public string? KnownKeyId { get; init; }
}
