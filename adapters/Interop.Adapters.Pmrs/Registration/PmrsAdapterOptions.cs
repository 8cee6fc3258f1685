using System.ComponentModel.DataAnnotations;

namespace Interop.Adapters.Pmrs.Registration;

/// <summary>Options of the PMRS adapter, with their defaults; checked when the gateway starts.</summary>
public sealed class PmrsAdapterOptions
{
    /// <summary>The member id of the PMRS system. Default: <c>KH/GOV/MOH/PMRS</c> (all PMRS facilities).</summary>
    [Required]
    [RegularExpression("^KH/[A-Z]+/[A-Za-z0-9-]+/[A-Za-z0-9-]+$")]
    public string OperatorSystem { get; set; } = "KH/GOV/MOH/PMRS";

    /// <summary>Largest visit body accepted, in bytes. Default 1 MiB (a visit is a few kilobytes).</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxVisitBytes { get; set; } = 1024 * 1024;

    /// <summary>Deepest JSON nesting accepted. Default 16 (a PMRS visit nests 4 levels).</summary>
    [Range(4, 64)]
    public int MaxJsonDepth { get; set; } = 16;

    /// <summary>Largest <c>per_page</c> of the standard-data lists. Default 100.</summary>
    [Range(1, 1000)]
    public int MaxPerPage { get; set; } = 100;

    /// <summary>
    /// The name PMRS clients see in <c>routed_to</c> for each operator member id.
    /// Default: <c>KH/GOV/MOH/PCA</c> is <c>PCA</c>, <c>KH/GOV/NSSF/HSPIS</c> is <c>NSSF</c>.
    /// </summary>
    [Required]
    public Dictionary<string, string> RoutedToNames { get; } = new(StringComparer.Ordinal)
    {
        ["KH/GOV/MOH/PCA"] = "PCA",
        ["KH/GOV/NSSF/HSPIS"] = "NSSF",
    };
}
