using System.ComponentModel.DataAnnotations;

namespace Interop.Adapters.Hspis;

/// <summary>Options of the H-SPIS adapter, with their defaults; checked when the gateway starts.</summary>
public sealed class HspisOptions
{
    private const string MemberIdPattern = "^KH/[A-Z]+/[A-Za-z0-9._-]+/[A-Za-z0-9._-]+$";

    /// <summary>The member id of H-SPIS, the legacy system this adapter speaks for. Default: <c>KH/GOV/NSSF/HSPIS</c>.</summary>
    [Required, RegularExpression(MemberIdPattern)]
    public string OperatorSystem { get; set; } = "KH/GOV/NSSF/HSPIS";

    /// <summary>The member id of the NSSF upstream that receives members, eligibility questions and claims. Default: <c>KH/GOV/NSSF/HSPIS</c>.</summary>
    [Required, RegularExpression(MemberIdPattern)]
    public string NssfOperator { get; set; } = "KH/GOV/NSSF/HSPIS";

    /// <summary>What answers carry in <c>Header/SenderCode</c>. Default: <c>NSSF-GATEWAY</c>.</summary>
    [Required, RegularExpression("^[A-Za-z0-9._-]{1,32}$")]
    public string ResponseSenderCode { get; set; } = "NSSF-GATEWAY";

    /// <summary>The most claims one <c>ClaimBatch</c> may hold. Default: 5,000 (the interface's limit).</summary>
    [Range(1, 50_000)]
    public int MaxClaimsPerBatch { get; set; } = 5000;

    /// <summary>Largest body of a member, eligibility or claim-status message, in bytes. Default: 256 KiB.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 256 * 1024;

    /// <summary>Largest body of a claim batch, in bytes. Default: 16 MiB (5,000 claims are about 6 MB).</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int MaxBatchBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Deepest element nesting accepted; H-SPIS messages are at most 5 levels deep. Default: 12.</summary>
    [Range(4, 64)]
    public int MaxDepth { get; set; } = 12;
}
