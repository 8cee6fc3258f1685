using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Interop.Gateway.Fhir;

/// <summary>FHIR JSON answers: resources and OperationOutcomes as <c>application/fhir+json</c>.</summary>
internal static class FhirResults
{
    public const string MediaType = "application/fhir+json";

    private static readonly JsonSerializerOptions Json = new JsonSerializerOptions().ForFhir().Pretty();

    public static IResult Resource(Resource resource, int status = StatusCodes.Status200OK) =>
        Results.Text(JsonSerializer.Serialize(resource, resource.GetType(), Json), MediaType + "; charset=utf-8", System.Text.Encoding.UTF8, status);

    public static IResult Outcome(int status, OperationOutcome.IssueType code, string text, string? expression = null)
    {
        var issue = new OperationOutcome.IssueComponent
        {
            Severity = OperationOutcome.IssueSeverity.Error,
            Code = code,
            Details = new CodeableConcept { Text = text },
        };
        if (expression is not null)
        {
            issue.Expression = [expression];
        }

        return Resource(new OperationOutcome { Issue = [issue] }, status);
    }
}
