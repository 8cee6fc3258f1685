using Interop.Signatures.Http;
using Interop.Signatures.Trust;
using Microsoft.AspNetCore.Http;

namespace Interop.Signatures.AspNetCore;

/// <summary>
/// Configuration section <c>Signing</c> of a member's service: the mode, the member it answers as, its private key, and
/// which request paths must be signed. The trust store (who may call, with which keys) is section <c>Trust</c>, as for
/// the gateway (<c>standards/signing.md</c>).
/// </summary>
public sealed class SignedExchangeOptions
{
    /// <summary>The configuration section: <c>Signing</c>.</summary>
    public const string Section = "Signing";

    /// <summary>Required (default) or Off.</summary>
    public SignedExchangeMode Mode { get; set; } = SignedExchangeMode.Required;

    /// <summary>The member this service signs as, e.g. <c>KH/GOV/NSPC/REGISTRY</c>. Required when signing.</summary>
    public string Member { get; set; } = "";

    /// <summary>This service's private key (file or environment variable), its key id and algorithm. Required when signing.</summary>
    public SigningKeyOptions Key { get; set; } = new();

    /// <summary>The <c>tag</c> naming the signature profile. Default <c>kh-interop</c>.</summary>
    public string Tag { get; set; } = SignatureProfile.Tag;

    /// <summary>
    /// Path prefixes whose requests must be signed, e.g. <c>/fhir</c>; a path outside them (a health check) is served
    /// as it is. At least one is required when signing.
    /// </summary>
    public List<string> Paths { get; set; } = [];

    /// <summary>
    /// Members whose key may sign for another member: the central gateway (<c>KH/GOV/NSPC/GATEWAY</c>) forwards a
    /// request in the name of the member whose signature it verified (<c>X-Member-Id</c>) and signs it with its own key.
    /// The route is checked for the member that signed. Default: none.
    /// </summary>
    public List<string> Mediators { get; set; } = [];

    /// <summary>Largest request body read to verify its digest; a larger one is refused with 413. Default 1 MiB.</summary>
    public int MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Writes a refusal in the host's own format (a FHIR service writes an OperationOutcome); set in code, not
    /// configuration. Default: an RFC 9457 problem document whose title is the reason code.
    /// </summary>
    public Func<HttpContext, InboundRefusal, Task>? WriteRefusal { get; set; }
}
