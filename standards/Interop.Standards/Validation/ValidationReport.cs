using Hl7.Fhir.Model;

namespace Interop.Standards.Validation;

/// <summary>The outcome of validating one resource: every issue found, and the FHIR OperationOutcome that says so.</summary>
public sealed class ValidationReport
{
    internal ValidationReport(IReadOnlyList<ValidationIssue> issues, string? profile)
    {
        Issues = issues;
        Profile = profile;
    }

    /// <summary>Every issue, in the order found.</summary>
    public IReadOnlyList<ValidationIssue> Issues { get; }

    /// <summary>The profile validated against, when there was one.</summary>
    public string? Profile { get; }

    /// <summary>Whether the resource has no error (warnings allowed).</summary>
    public bool IsValid => !Issues.Any(i => i.IsError);

    /// <summary>The errors only.</summary>
    public IEnumerable<ValidationIssue> Errors => Issues.Where(i => i.IsError);

    /// <summary>
    /// The report as an OperationOutcome: one issue per finding, with the element path in <c>expression</c>,
    /// the rule kind as a <c>validation-issue</c> coding in <c>details</c>, and the invariant key in <c>diagnostics</c>.
    /// A clean report holds one information issue, as FHIR requires at least one.
    /// </summary>
    /// <returns>A new OperationOutcome.</returns>
    public OperationOutcome ToOperationOutcome()
    {
        var outcome = new OperationOutcome();
        foreach (var issue in Issues)
        {
            outcome.Issue.Add(new OperationOutcome.IssueComponent
            {
                Severity = issue.Severity,
                Code = IssueType(issue.Rule),
                Details = new CodeableConcept(CanonicalUrls.ValidationIssueSystem, issue.Rule, issue.Message),
                Diagnostics = issue.Key,
                Expression = [issue.Path],
            });
        }

        if (outcome.Issue.Count == 0)
        {
            outcome.Issue.Add(new OperationOutcome.IssueComponent
            {
                Severity = OperationOutcome.IssueSeverity.Information,
                Code = OperationOutcome.IssueType.Informational,
                Details = new CodeableConcept { Text = Profile is null ? "Valid FHIR R4." : $"Valid against {Profile}." },
            });
        }

        return outcome;
    }

    private static OperationOutcome.IssueType IssueType(string rule) => rule switch
    {
        ValidationRules.Parse => OperationOutcome.IssueType.Structure,
        ValidationRules.Structure => OperationOutcome.IssueType.Structure,
        ValidationRules.CardinalityMin => OperationOutcome.IssueType.Required,
        ValidationRules.CardinalityMax => OperationOutcome.IssueType.Structure,
        ValidationRules.RequiredBinding or ValidationRules.ExtensibleBinding => OperationOutcome.IssueType.CodeInvalid,
        ValidationRules.Invariant => OperationOutcome.IssueType.Invariant,
        ValidationRules.UnknownProfile => OperationOutcome.IssueType.NotSupported,
        ValidationRules.UnknownExtension => OperationOutcome.IssueType.Extension,
        _ => OperationOutcome.IssueType.Value,
    };
}
