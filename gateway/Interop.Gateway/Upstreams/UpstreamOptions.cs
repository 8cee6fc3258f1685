namespace Interop.Gateway.Upstreams;

/// <summary>
/// The upstream systems the gateway forwards to, by alias (<c>Upstreams:Registry</c>, <c>Upstreams:Nssf</c>,
/// <c>Upstreams:Pca</c>), each naming the member it is and its FHIR base URL. Production points them at the real
/// systems; the sandbox at the in-process sandbox upstreams.
/// </summary>
public sealed class UpstreamOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Upstreams";

    /// <summary>Alias → endpoint.</summary>
    public Dictionary<string, UpstreamEndpoint> Endpoints { get; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>One upstream member.</summary>
public sealed class UpstreamEndpoint
{
    /// <summary>The member id (<c>KH/GOV/NSPC/REGISTRY</c>).</summary>
    public string Member { get; set; } = "";

    /// <summary>The FHIR base URL, ending with <c>/</c>.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>How long one attempt may take. Default 10 seconds.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many times an idempotent request (GET, PUT) is retried on a transient failure. Default 2.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>
    /// For an operator: the identifier systems of its cards (<c>https://fhir.nspc.gov.kh/sid/nssf-member-number</c>).
    /// When the registry links a person to one of them, eligibility questions go to this operator.
    /// </summary>
    public List<string> IdentifierSystems { get; } = [];
}
