using System.Text;
using Hl7.Fhir.Model;
using Interop.Contracts.Adapters;

namespace Interop.Registry.Api;

/// <summary>What every registry request is checked for before its body is looked at: the member, the media type, the size.</summary>
internal static class RequestReading
{
    public const string MemberHeader = "X-Member-Id";

    public static (string? Member, IResult? Refusal) Member(HttpRequest request)
    {
        var value = request.Headers[MemberHeader].ToString();
        return MemberId.TryParse(value, out var member)
            ? (member.ToString(), null)
            : (null, FhirResults.Outcome(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Required,
                $"The {MemberHeader} header must name the acting member (KH/GOV/<member>/<subsystem>)."));
    }

    public static async Task<(string? Body, IResult? Refusal)> BodyAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim();
        if (mediaType is not ("application/fhir+json" or "application/json"))
        {
            return (null, FhirResults.Outcome(StatusCodes.Status415UnsupportedMediaType, OperationOutcome.IssueType.NotSupported, "Send FHIR JSON (application/fhir+json)."));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return (null, FhirResults.Outcome(StatusCodes.Status413PayloadTooLarge, OperationOutcome.IssueType.TooCostly, $"The body is larger than {maxBytes} bytes."));
            }

            buffer.Write(chunk, 0, read);
        }

        return (Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), null);
    }
}
