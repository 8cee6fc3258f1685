namespace Interop.Conformance;

/// <summary>One requirement the kit checks: a stable id (cited in reports and CI logs) and what it asks, in one line.</summary>
/// <param name="Id">The stable id, for example <c>ADP-GOLDEN-01</c>.</param>
/// <param name="Description">What an adapter must do, in one line.</param>
public sealed record Requirement(string Id, string Description);

/// <summary>The adapter requirements, in report order. Ids never change meaning; a new check gets a new id.</summary>
public static class Requirements
{
    /// <summary>Every golden request maps to its expected FHIR (JSON deep-equal, declared masks only).</summary>
    public static readonly Requirement GoldenFhir = new("ADP-GOLDEN-01", "Every golden request maps to its expected FHIR interactions (JSON deep-equal, declared masks only).");

    /// <summary>The golden answers map back to the expected legacy response.</summary>
    public static readonly Requirement GoldenResponse = new("ADP-GOLDEN-02", "The golden upstream answers map back to the expected legacy response.");

    /// <summary>Every FHIR resource validates against the profile it claims.</summary>
    public static readonly Requirement Profiles = new("ADP-PROFILE-01", "Every FHIR resource produced claims a profile of standards/ and validates against it with zero errors.");

    /// <summary>Mapping twice gives identical output.</summary>
    public static readonly Requirement Determinism = new("ADP-DETERMINISM-01", "Mapping the same request twice gives identical ids and resources.");

    /// <summary>Ids are unique.</summary>
    public static readonly Requirement UniqueIds = new("ADP-IDS-01", "Resource ids are unique in a mapping (one type and id never names two different resources) and item keys are unique.");

    /// <summary>References resolve.</summary>
    public static readonly Requirement References = new("ADP-REF-01", "Every reference resolves to a resource of the same mapping or to a declared upstream.");

    /// <summary>Registry-bound output stays inside the registry sharing policy.</summary>
    public static readonly Requirement RegistryPolicy = new("ADP-POLICY-01", "Registry-bound resources stay inside the registry sharing policy: a policy covers them and removes nothing.");

    /// <summary>Negative inputs are refused with the expected fields.</summary>
    public static readonly Requirement NegativeFields = new("ADP-NEG-01", "Every negative request is refused with field errors naming the expected fields (and codes, where declared).");

    /// <summary>Refusals are answered in the legacy format.</summary>
    public static readonly Requirement NegativeFormat = new("ADP-NEG-02", "Every refusal is answered in the route's legacy format (media type, well-formed body) and names the expected fields.");

    /// <summary>No input makes the adapter throw.</summary>
    public static readonly Requirement NoException = new("ADP-ROBUST-01", "No input makes the adapter throw: negative, mutated and truncated requests are answered, never an exception.");

    /// <summary>No input hangs the adapter.</summary>
    public static readonly Requirement NoHang = new("ADP-ROBUST-02", "No input makes the adapter run past the time budget: negative, mutated and truncated requests are answered in time.");

    /// <summary>Unmapped legacy fields are declared.</summary>
    public static readonly Requirement Unmapped = new("ADP-UNMAPPED-01", "Legacy fields the adapter does not map are declared (InboundMapping.UnmappedFields) and reported as warnings.");

    /// <summary>Every adapter requirement, in report order.</summary>
    public static IReadOnlyList<Requirement> All { get; } =
    [
        GoldenFhir, GoldenResponse, Profiles, Determinism, UniqueIds, References, RegistryPolicy,
        NegativeFields, NegativeFormat, NoException, NoHang, Unmapped,
    ];

    /// <summary>The requirement with an id.</summary>
    /// <param name="id">The requirement id.</param>
    /// <returns>The requirement.</returns>
    public static Requirement Get(string id) =>
        All.FirstOrDefault(r => r.Id == id) ?? throw new ArgumentException($"No requirement has the id '{id}'.", nameof(id));
}
