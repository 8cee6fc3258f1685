using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Validation;

namespace Interop.Standards.Validation;

/// <summary>
/// Strict FHIR R4 JSON parsing (Firely's System.Text.Json deserializer) that never throws for bad input:
/// malformed JSON, a root that is not an object, unknown elements and wrong types all become parse issues.
/// </summary>
internal static class FhirJsonReader
{
    private static readonly FhirJsonDeserializer Strict = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));

    public static bool TryParse(string json, out Resource? resource, out List<ValidationIssue> issues)
    {
        resource = null;
        issues = [];
        var start = json.AsSpan().TrimStart();
        if (start.IsEmpty || start[0] != '{')
        {
            issues.Add(Issue("$", "The body must be a JSON object holding a FHIR resource."));
            return false;
        }

        try
        {
            if (Strict.TryDeserializeResource(json, out resource, out var errors))
            {
                return true;
            }

            resource = null;
            foreach (var error in errors)
            {
                issues.Add(error is CodedValidationException coded
                    ? Issue(coded.InstancePath ?? "$", (coded.BaseErrorMessage ?? coded.Message) + (coded.LineNumber is { } line ? $" (line {line}, position {coded.Position})" : ""), coded.ErrorCode)
                    : Issue("$", error.Message, error.ErrorCode));
            }
        }
        catch (JsonException ex)
        {
            issues.Add(Issue("$", $"The body is not well-formed JSON (line {(ex.LineNumber ?? 0) + 1}, position {(ex.BytePositionInLine ?? 0) + 1})."));
        }
        catch (InvalidOperationException ex)
        {
            // The SDK reports some structural surprises (an array where an object belongs) by throwing.
            issues.Add(Issue("$", $"The body is not a FHIR resource: {ex.Message}"));
        }

        if (issues.Count == 0)
        {
            issues.Add(Issue("$", "The body is not a FHIR R4 resource."));
        }

        return false;
    }

    private static ValidationIssue Issue(string path, string message, string? code = null) =>
        new(OperationOutcome.IssueSeverity.Error, ValidationRules.Parse, path, message, code);
}
