using Hl7.Fhir.Model;
using Interop.Contracts.Standards;
using Interop.Registry.Spids;
using Interop.Standards.Policies;
using Interop.Standards.Validation;
using Microsoft.Extensions.Options;

namespace Interop.Registry.Api;

/// <summary>
/// Refuses anything that is not identity data: the Patient must conform to <c>kh-patient-identity</c> (program
/// elements are max 0 there, unknown extensions are refused), the <c>registry-identity</c> policy must have nothing to
/// remove, and every identifier must be of a person identifier system the registry knows.
/// </summary>
internal sealed class IdentityChecks(IFhirValidator validator, ISharingPolicies policies, IIdentifierSystems identifierSystems, IOptions<RegistryOptions> options)
{
    public OperationOutcome? CheckRegistration(Patient patient, string member, string interaction)
    {
        var report = validator.Validate(patient, RegistryIdentifiers.PatientProfile);
        return report.IsValid ? CheckIdentityOnly(patient, member, interaction) : report.ToOperationOutcome();
    }

    /// <summary>For a probe ($match): the base model, our identifier systems and the policy, but no minimum cardinalities.</summary>
    public OperationOutcome? CheckProbe(Patient patient, string member)
    {
        var report = validator.Validate(patient, RegistryIdentifiers.PatientProfile);
        var errors = report.Errors.Where(e => e.Rule != ValidationRules.CardinalityMin && e.Rule != ValidationRules.Invariant).ToList();
        if (errors.Count > 0)
        {
            var outcome = new OperationOutcome();
            foreach (var e in errors)
            {
                outcome.Issue.Add(new OperationOutcome.IssueComponent
                {
                    Severity = OperationOutcome.IssueSeverity.Error,
                    Code = OperationOutcome.IssueType.Invalid,
                    Details = new CodeableConcept(Interop.Standards.CanonicalUrls.ValidationIssueSystem, e.Rule, e.Message),
                    Expression = [e.Path],
                });
            }

            return outcome;
        }

        return CheckIdentityOnly(patient, member, "match");
    }

    public OperationOutcome? CheckIdentityOnly(Patient patient, string member, string interaction)
    {
        var decision = policies.Apply(patient, member, RegistryIdentifiers.RegistryMember, interaction);
        if (decision.RemovedPaths.Count > 0)
        {
            var outcome = new OperationOutcome();
            foreach (var path in decision.RemovedPaths)
            {
                outcome.Issue.Add(new OperationOutcome.IssueComponent
                {
                    Severity = OperationOutcome.IssueSeverity.Error,
                    Code = OperationOutcome.IssueType.Security,
                    Details = new CodeableConcept { Text = $"The registry holds identity data only; {path} is not identity data (policy {decision.PolicyId ?? "none"})." },
                    Expression = [path],
                });
            }

            return outcome;
        }

        for (var i = 0; i < patient.Identifier.Count; i++)
        {
            if (CheckIdentifier(patient.Identifier[i].System, patient.Identifier[i].Value, $"Patient.identifier[{i}]") is { } refusal)
            {
                return refusal;
            }
        }

        return null;
    }

    /// <summary>Whether an identifier system is one persons are registered with.</summary>
    public bool IsPersonSystem(string? system) => system is not null && options.Value.PersonIdentifierSystems.Contains(system) && identifierSystems.IsKnown(system);

    public OperationOutcome? CheckIdentifier(string? system, string? value, string expression)
    {
        if (!IsPersonSystem(system))
        {
            return FhirResults.OutcomeOf(OperationOutcome.IssueType.CodeInvalid,
                $"Unknown identifier system '{system}': the registry accepts {string.Join(", ", options.Value.PersonIdentifierSystems)}.", expression + ".system");
        }

        if (system == RegistryIdentifiers.Spid && Spid.Check(value) == SpidCheck.InvalidCheckDigit)
        {
            return FhirResults.OutcomeOf(OperationOutcome.IssueType.Value, "The SPID's check digit is wrong: a mistyped SPID.", expression + ".value");
        }

        return identifierSystems.Check(system!, value ?? string.Empty) switch
        {
            IdentifierCheck.Valid => null,
            IdentifierCheck.InvalidCheckDigit => FhirResults.OutcomeOf(OperationOutcome.IssueType.Value, "The identifier's check digit is wrong: a mistyped identifier.", expression + ".value"),
            _ => FhirResults.OutcomeOf(OperationOutcome.IssueType.Value, $"The value does not have the format of {system}.", expression + ".value"),
        };
    }
}
