using Hl7.Fhir.Model;

namespace Interop.Standards.Validation;

/// <summary>One finding of the validator.</summary>
/// <param name="Severity">Error, warning or information.</param>
/// <param name="Rule">The rule kind, a <see cref="ValidationRules"/> code.</param>
/// <param name="Path">The element, FHIRPath style with 0-based positions (<c>Claim.item[1].quantity</c>).</param>
/// <param name="Message">What is wrong, for a person.</param>
/// <param name="Key">The invariant key (<c>kh-claim-1</c>) or slice name, when the rule has one.</param>
public sealed record ValidationIssue(OperationOutcome.IssueSeverity Severity, string Rule, string Path, string Message, string? Key = null)
{
    /// <summary>Whether this issue makes the resource invalid.</summary>
    public bool IsError => Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal;
}
