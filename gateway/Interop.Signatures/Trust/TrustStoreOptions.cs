namespace Interop.Signatures.Trust;

/// <summary>
/// The trust store as configured (section <c>Trust</c>): every member, its public keys (JWKS) and the
/// routes it may call. Load it with <see cref="TrustStore.Load"/>.
/// </summary>
public sealed class TrustStoreOptions
{
    /// <summary>The configuration section the gateway binds: <c>Trust</c>.</summary>
    public const string SectionName = "Trust";

    /// <summary>The members, keyed by member id such as <c>KH/GOV/MOH/PMRS-120101</c>.</summary>
    public Dictionary<string, TrustedMemberOptions> Members { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One member of the trust store: its keys and the routes it may call.</summary>
public sealed class TrustedMemberOptions
{
    /// <summary>Path of a JWKS file with the member's public keys (relative paths start at the content root).</summary>
    public string? JwksFile { get; set; }

    /// <summary>The member's public keys as inline JWKS JSON text (instead of <see cref="JwksFile"/>).</summary>
    public string? Jwks { get; set; }

    /// <summary>Key ids withdrawn before their <c>exp</c>: signatures with them are refused with <c>revoked-key</c>.</summary>
    public List<string> Revoked { get; set; } = [];

    /// <summary>Route ids the member may call: exact ids, <c>*</c> for all, or prefixes such as <c>pmrs:*</c>.</summary>
    public List<string> Routes { get; set; } = [];
}
