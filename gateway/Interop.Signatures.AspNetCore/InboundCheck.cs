using Interop.Signatures.Messages;

namespace Interop.Signatures.AspNetCore;

/// <summary>The outcome of checking a request.</summary>
/// <param name="VerifiedRequest">The request whose signature verified (the answer is bound to it), even when its member is then refused.</param>
/// <param name="Signer">The member whose key signed: the named member, or a mediator acting for it.</param>
/// <param name="KnownKeyId">The key id to log: only one the trust store knows, never a caller's arbitrary text.</param>
/// <param name="Refusal">Why the request is refused; null when it may go on.</param>
internal sealed record InboundCheck(HttpMessage? VerifiedRequest, string? Signer, string? KnownKeyId, InboundRefusal? Refusal);
