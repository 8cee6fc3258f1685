using Hl7.Fhir.Model;

namespace Interop.Standards.Validation;

/// <summary>
/// Validates FHIR R4 resources against the profiles of <c>standards/</c>: the base model (the SDK's POCO validation),
/// then the profile's cardinalities, fixed and pattern values, types, required bindings, slices and invariants,
/// then every identifier against its NamingSystem and every extension against its definition.
/// </summary>
public interface IFhirValidator
{
    /// <summary>Validates a resource.</summary>
    /// <param name="resource">The resource.</param>
    /// <param name="profile">
    /// The profile's canonical url or id; <see langword="null"/> uses the profiles the resource claims in
    /// <c>meta.profile</c> (ours only), or none.
    /// </param>
    /// <returns>The report; never throws for a bad resource.</returns>
    ValidationReport Validate(Resource resource, string? profile = null);

    /// <summary>Parses FHIR JSON strictly and, when it parses, validates it.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="profile">As for <see cref="Validate"/>.</param>
    /// <returns>The resource (when it parsed) and the report.</returns>
    ParsedResource ParseAndValidate(string json, string? profile = null);
}

/// <summary>A resource parsed from JSON with its validation report.</summary>
/// <param name="Resource">The resource, or <see langword="null"/> when the JSON could not be read as FHIR.</param>
/// <param name="Report">Parse errors (rule <c>parse</c>, with line and position), or the validation report.</param>
public sealed record ParsedResource(Resource? Resource, ValidationReport Report);
