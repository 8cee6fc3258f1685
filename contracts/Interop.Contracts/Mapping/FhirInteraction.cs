using Hl7.Fhir.Model;

namespace Interop.Contracts.Mapping;

/// <summary>One FHIR request the gateway sends upstream on an adapter's behalf.</summary>
public sealed record FhirInteraction
{
    /// <summary>
    /// What this interaction is for, unique within a <see cref="MappedItem"/>
    /// (for example <c>register</c>, <c>claim</c>); the adapter finds its answer by it.
    /// </summary>
    public required string Purpose { get; init; }

    /// <summary>Who receives it.</summary>
    public required Destination Destination { get; init; }

    /// <summary>
    /// For <see cref="Destination.Operator"/>: the member id of the operator that receives it
    /// (for example <c>KH/GOV/NSSF/HSPIS</c>). <see langword="null"/> for the registry.
    /// </summary>
    public string? Operator { get; init; }

    /// <summary>The HTTP verb of the FHIR interaction.</summary>
    public required FhirVerb Verb { get; init; }

    /// <summary>
    /// The FHIR request URL relative to the receiver's base (<c>Patient/$register</c>,
    /// <c>Claim/abc</c>, <c>Patient?identifier=https://fhir.nspc.gov.kh/sid/spid|...</c>).
    /// </summary>
    public required string Url { get; init; }

    /// <summary>The resource sent (a <c>Parameters</c> for operations), or <see langword="null"/> for reads and searches.</summary>
    public Resource? Resource { get; init; }

    /// <summary>
    /// The profile the <see cref="Resource"/> claims (a StructureDefinition canonical of <c>standards/</c>);
    /// the gateway validates against it before anything is sent.
    /// </summary>
    public string? Profile { get; init; }

    /// <summary>
    /// The sharing-policy interaction name the gateway filters this by (for example <c>register</c>,
    /// <c>claim-submit</c>). Deny by default: an interaction no policy names sends nothing.
    /// </summary>
    public required string PolicyInteraction { get; init; }

    /// <summary>Purposes of interactions of the same item whose answers this one needs first.</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];
}

/// <summary>Who receives a FHIR interaction.</summary>
public enum Destination
{
    /// <summary>The central social protection registry (identity data only).</summary>
    Registry,

    /// <summary>The operator named by <see cref="FhirInteraction.Operator"/>.</summary>
    Operator,
}

/// <summary>The HTTP verb of a FHIR RESTful interaction.</summary>
public enum FhirVerb
{
    /// <summary>read, search.</summary>
    Get,

    /// <summary>create, operations.</summary>
    Post,

    /// <summary>update, conditional update (upsert).</summary>
    Put,
}
