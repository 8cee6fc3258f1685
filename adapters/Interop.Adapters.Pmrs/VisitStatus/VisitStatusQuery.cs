using Hl7.Fhir.Model;
using Interop.Adapters.Pmrs.Json;
using Interop.Contracts.Mapping;
using Interop.Contracts.Standards;

namespace Interop.Adapters.Pmrs.VisitStatus;

/// <summary>
/// <c>GET /api/v1/external/visits/{visit_code}/status</c>: a <c>claim-status</c> search at each operator that pays
/// claims (a status request does not say which one was paid by the visit), and the answer as PMRS's status.
/// </summary>
internal sealed class VisitStatusQuery(PmrsStandards standards)
{
    public const string PurposePrefix = "claim-status";

    public InboundMapping Map(LegacyRequest request)
    {
        var text = request.RouteValues.TryGetValue("visit_code", out var raw) ? raw.Trim() : string.Empty;
        var code = LegacyText.Identifier(text);
        if (code.Length == 0)
        {
            return Refused("missing-value", "The visit code is required.", null);
        }

        if (standards.Identifiers.Check(PmrsStandards.VisitCodeSystem, code) != IdentifierCheck.Valid)
        {
            return Refused("invalid-format", "The visit code does not have the format of a PMRS visit code (V120101-25-000193).", text);
        }

        return new InboundMapping
        {
            Items =
            [
                new MappedItem
                {
                    Key = code,
                    Interactions = [.. standards.ClaimOperators.Select(member => new FhirInteraction
                    {
                        Purpose = Purpose(member),
                        Destination = Destination.Operator,
                        Operator = member,
                        Verb = FhirVerb.Get,
                        Url = $"ClaimResponse?request.identifier={PmrsStandards.VisitCodeSystem}|{code}",
                        PolicyInteraction = "claim-status",
                    })],
                },
            ],
            UnmappedFields = [.. request.Query.Keys.Order(StringComparer.Ordinal)],
        };

        static InboundMapping Refused(string error, string reason, string? value) =>
            new() { Items = [new MappedItem { Key = "visit", Errors = [new FieldError("visit_code", error, reason, value)] }] };
    }

    /// <summary>The purpose of the status search at one operator: <c>claim-status:KH/GOV/MOH/PCA</c>.</summary>
    public static string Purpose(string member) => PurposePrefix + ":" + member;

    public LegacyResponse Answer(ItemOutcome outcome)
    {
        var answers = outcome.Answers.Where(a => a.Purpose.StartsWith(PurposePrefix, StringComparison.Ordinal)).ToList();
        var responses = answers
            .Where(a => a.IsSuccess)
            .SelectMany(a => a.Resource switch
            {
                Bundle bundle => bundle.Entry.Select(e => e.Resource).OfType<ClaimResponse>(),
                ClaimResponse single => [single],
                _ => [],
            })
            .OrderByDescending(r => r.Created, StringComparer.Ordinal)
            .ToList();
        if (responses.Count == 0)
        {
            // Nobody knows the visit; when an operator could not answer, the caller must retry rather than conclude.
            var failed = answers.FirstOrDefault(a => a.Status is 0 or >= 500);
            return failed is not null
                ? PmrsAdapter.UpstreamFailure(failed)
                : PmrsEnvelope.Failure(404, "Visit not found", [new FieldError("visit_code", "unknown-person", "No claim is known for this visit.")]);
        }

        var response = responses[0];
        var status = standards.Terminology.Translate("claim-status-to-pmrs-visit-status", ClaimStatus(response));
        var benefit = response.Total.FirstOrDefault(t => t.Category?.Coding.Any(c => c.Code == "benefit") == true)?.Amount;
        var reasons = response.Error.Select(e => e.Code?.Text ?? e.Code?.Coding.FirstOrDefault()?.Display ?? e.Code?.Coding.FirstOrDefault()?.Code)
            .Concat(response.ProcessNote.Select(n => n.Text))
            .OfType<string>()
            .ToList();
        return PmrsEnvelope.Success(200, string.Empty, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("visit_code", outcome.Item.Key);
            writer.WriteString("status", status.IsMatch ? status.Code : "received");
            if (benefit?.Value is { } amount)
            {
                writer.WriteNumber("certified_amount", amount);
            }
            else
            {
                writer.WriteNull("certified_amount");
            }

            writer.WriteString("currency", benefit?.Currency?.ToString() ?? "KHR");
            writer.WriteString("paid_on", response.Payment?.Date);
            writer.WriteStartArray("reasons");
            foreach (var reason in reasons)
            {
                writer.WriteStringValue(reason);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    /// <summary>
    /// The claim-status code a ClaimResponse says: paid once a payment date is known, otherwise by outcome
    /// (queued: received, partial: in review, complete: assessed, error: refused).
    /// </summary>
    public static string ClaimStatus(ClaimResponse response) =>
        response.Payment?.Date is not null ? "paid"
        : response.Outcome switch
        {
            ClaimProcessingCodes.Queued => "received",
            ClaimProcessingCodes.Partial => "in-review",
            ClaimProcessingCodes.Complete => "assessed",
            ClaimProcessingCodes.Error => "refused",
            _ => "received",
        };
}
