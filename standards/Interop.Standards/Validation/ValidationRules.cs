namespace Interop.Standards.Validation;

/// <summary>
/// The rule kinds the validator reports, as codes of the <c>validation-issue</c> CodeSystem
/// (<see cref="CanonicalUrls.ValidationIssueSystem"/>); each OperationOutcome issue carries one.
/// </summary>
public static class ValidationRules
{
    /// <summary>The JSON is not a well-formed FHIR R4 resource.</summary>
    public const string Parse = "parse";

    /// <summary>The resource breaks a rule of the FHIR R4 base model (value formats, base cardinality).</summary>
    public const string Structure = "structure";

    /// <summary>Fewer occurrences than the profile's minimum.</summary>
    public const string CardinalityMin = "cardinality-min";

    /// <summary>More occurrences than the profile's maximum.</summary>
    public const string CardinalityMax = "cardinality-max";

    /// <summary>A value differs from the profile's fixed value.</summary>
    public const string FixedValue = "fixed-value";

    /// <summary>A value does not match the profile's pattern.</summary>
    public const string PatternValue = "pattern-value";

    /// <summary>A choice element has a type the profile does not allow.</summary>
    public const string Type = "type";

    /// <summary>A coded value is not in the ValueSet of a required binding.</summary>
    public const string RequiredBinding = "required-binding";

    /// <summary>A coded value is not in the ValueSet of an extensible binding (warning).</summary>
    public const string ExtensibleBinding = "extensible-binding";

    /// <summary>An invariant (FHIRPath constraint) is not true.</summary>
    public const string Invariant = "invariant";

    /// <summary>An identifier value does not have its NamingSystem's format.</summary>
    public const string IdentifierFormat = "identifier-format";

    /// <summary>An identifier value has a wrong check digit.</summary>
    public const string IdentifierCheckDigit = "identifier-check-digit";

    /// <summary>An identifier system under our canonical base that no NamingSystem declares.</summary>
    public const string UnknownIdentifierSystem = "unknown-identifier-system";

    /// <summary>An extension no StructureDefinition of ours defines.</summary>
    public const string UnknownExtension = "unknown-extension";

    /// <summary>The profile asked for is not in the standards.</summary>
    public const string UnknownProfile = "unknown-profile";
}
