using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Interop.Registry.Identity;

namespace Interop.Registry.Api;

/// <summary>FHIR JSON answers: resources and OperationOutcomes as <c>application/fhir+json</c>.</summary>
internal static class FhirResults
{
    public const string MediaType = "application/fhir+json";

    private static readonly JsonSerializerOptions Json = new JsonSerializerOptions().ForFhir().Pretty();

    public static IResult Resource(Resource resource, int status = StatusCodes.Status200OK) =>
        Results.Text(JsonSerializer.Serialize(resource, resource.GetType(), Json), MediaType + "; charset=utf-8", System.Text.Encoding.UTF8, status);

    public static IResult Outcome(int status, OperationOutcome.IssueType code, string text, params string[] expressions) =>
        Resource(OutcomeOf(code, text, expressions), status);

    public static IResult Refused(Refusal refusal) =>
        Outcome(refusal.Status, refusal.Status == StatusCodes.Status404NotFound ? OperationOutcome.IssueType.NotFound : OperationOutcome.IssueType.BusinessRule, refusal.Message,
            refusal.Expression is null ? [] : [refusal.Expression]);

    public static OperationOutcome OutcomeOf(OperationOutcome.IssueType code, string text, params string[] expressions) => new()
    {
        Issue =
        [
            new OperationOutcome.IssueComponent
            {
                Severity = OperationOutcome.IssueSeverity.Error,
                Code = code,
                Details = new CodeableConcept { Text = text },
                Expression = [.. expressions],
            },
        ],
    };
}
