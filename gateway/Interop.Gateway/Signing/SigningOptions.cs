using Interop.Signatures.Trust;

namespace Interop.Gateway.Signing;

/// <summary>The role this gateway process plays in the signed exchange.</summary>
public enum SigningMode
{
    /// <summary>No signatures: only for tests of unrelated behaviour and for trying adapters out locally.</summary>
    Off,

    /// <summary>The central gateway: every inbound request must be signed by a known member allowed on the route; everything it sends and answers is signed.</summary>
    Central,

    /// <summary>An edge beside a legacy system that cannot sign: accepts its unsigned traffic, signs it toward the central gateway with the member's key and verifies the answers.</summary>
    Edge,
}

/// <summary>Configuration section <c>Signing</c>: the mode, this process's member and private key, and (at an edge) the central gateway.</summary>
public sealed class SigningOptions
{
    public const string Section = "Signing";

    public SigningMode Mode { get; set; } = SigningMode.Off;

    /// <summary>The member this process signs as: the central gateway (<c>KH/GOV/NSPC/GATEWAY</c>) or, at an edge, the member it runs for.</summary>
    public string Member { get; set; } = "KH/GOV/NSPC/GATEWAY";

    /// <summary>The private key (file or environment variable), its key id and algorithm.</summary>
    public SigningKeyOptions Key { get; set; } = new();

    /// <summary>The <c>tag</c> parameter naming the signature profile.</summary>
    public string Tag { get; set; } = "kh-interop";

    /// <summary>Edge mode: the central gateway's base URL (legacy paths are appended as received).</summary>
    public Uri? CentralUrl { get; set; }

    /// <summary>Edge mode: the member whose key must sign the central gateway's answers.</summary>
    public string CentralMember { get; set; } = "KH/GOV/NSPC/GATEWAY";

    /// <summary>
    /// Where seen nonces are kept: <c>memory</c> (default, one instance) or <c>postgres</c> (shared by every instance of a
    /// deployment, so a request replayed to another instance is refused too).
    /// </summary>
    public string NonceStore { get; set; } = "memory";

    /// <summary>The PostgreSQL connection string of the shared nonce store; default the transaction log's.</summary>
    public string? NonceStoreConnectionString { get; set; }

    /// <summary>Members trusted to act for another member (the central gateway names the original sender in <c>X-Member-Id</c> and signs with its own key).</summary>
    public List<string> Mediators { get; set; } = ["KH/GOV/NSPC/GATEWAY"];
}
