using Hl7.Fhir.Model;
using Interop.Adapters.Hspis.Xml;
using Interop.Contracts.Mapping;

namespace Interop.Adapters.Hspis.Mapping;

/// <summary>
/// <c>EligibilityRequest</c> → the registry's cross-reference query (<c>pix-query</c>) for the identifier sent, and the
/// <c>CoverageEligibilityRequest</c> the gateway sends to each operator the person is linked to (<c>eligibility</c>).
/// </summary>
internal sealed class EligibilityMapper(FieldReader fields, HspisOptions options)
{
    private static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        "Header", "NssfId", "KhmerId", "Spid", "FacilityCode", "ServiceDate",
    };

    public InboundMapping Map(HspisMessage message, ISet<string> unmapped)
    {
        var errors = new List<FieldError>();
        var r = new ElementScope(message.Root, "", errors);
        r.CollectUnknown("", Known, unmapped);

        // The person is named by one identifier; when several are sent, the most specific wins (SPID, NSSF, Khmer ID).
        var spid = fields.Identifier(r, "Spid", Canon.Spid, "Spid", required: false);
        var nssfId = fields.Identifier(r, "NssfId", Canon.NssfMember, "NssfId", required: false);
        var khmerId = fields.Identifier(r, "KhmerId", Canon.KhmerId, "KhmerId", required: false);
        if (r.Text("Spid") is null && r.Text("NssfId") is null && r.Text("KhmerId") is null)
        {
            r.Error("NssfId", "missing-value", "One of NssfId, KhmerId or Spid is required.");
        }

        var facility = fields.Identifier(r, "FacilityCode", Canon.Facility, "FacilityCode", required: true);
        var serviceDate = fields.Date(r, "ServiceDate", "ServiceDate", required: true);
        if (errors.Count > 0)
        {
            return new InboundMapping
            {
                IdempotencyKey = message.MessageId,
                UnmappedFields = [.. unmapped.Order(StringComparer.Ordinal)],
                Items = [new MappedItem { Key = "EligibilityRequest", Errors = errors }],
            };
        }

        var (system, value) = spid is not null ? (Canon.Spid, spid) : nssfId is not null ? (Canon.NssfMember, nssfId) : (Canon.KhmerId, khmerId!);
        var request = new CoverageEligibilityRequest
        {
            Id = DeterministicId.For("celr", Canon.MessageId, message.MessageId),
            Meta = new Meta { Profile = [Canon.EligibilityRequestProfile] },
            Status = FinancialResourceStatusCodes.Active,
            Purpose = [CoverageEligibilityRequest.EligibilityRequestPurpose.Validation],
            Patient = FieldReader.ByIdentifier(system, value),
            Serviced = new Date(LegacyValues.FhirDate(serviceDate!.Value)),
            Created = LegacyValues.FhirDateTime(message.SentAt),
            Insurer = new ResourceReference { Display = Canon.NssfName },
            Facility = FieldReader.ByIdentifier(Canon.Facility, facility!),
        };

        return new InboundMapping
        {
            IdempotencyKey = message.MessageId,
            UnmappedFields = [.. unmapped.Order(StringComparer.Ordinal)],
            Items =
            [
                new MappedItem
                {
                    Key = "EligibilityRequest",
                    Interactions =
                    [
                        new FhirInteraction
                        {
                            Purpose = "pix-query",
                            Destination = Destination.Registry,
                            Verb = FhirVerb.Get,
                            Url = $"Patient/$ihe-pix?sourceIdentifier={system}|{value}",
                            PolicyInteraction = "pix-query",
                        },
                        new FhirInteraction
                        {
                            Purpose = "eligibility",
                            Destination = Destination.Operator,
                            Operator = options.NssfOperator,
                            Verb = FhirVerb.Post,
                            Url = "CoverageEligibilityRequest",
                            Resource = request,
                            Profile = Canon.EligibilityRequestProfile,
                            PolicyInteraction = "eligibility",
                            DependsOn = ["pix-query"],
                        },
                    ],
                },
            ],
        };
    }
}
