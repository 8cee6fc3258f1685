using System.Security.Cryptography;
using Interop.Adapters.Pmrs.Json;
using Interop.Adapters.Pmrs.Registration;
using Interop.Contracts.Mapping;
using Interop.Contracts.Standards;

namespace Interop.Adapters.Pmrs.Visits;

/// <summary>
/// <c>POST /api/v1/external/visits</c>: one visit event becomes the interactions of the Claim flow:
/// <c>register</c> (identity-only Patient to the registry), then for a visit a scheme pays <c>encounter-submit</c>
/// (every submission, an upsert keyed by the visit code) and, at discharge (IPD) or final (OPD, emergency), <c>claim-submit</c>.
/// </summary>
internal sealed class VisitMapper(PmrsStandards standards, ITariff tariff, PmrsAdapterOptions options)
{
    public InboundMapping Map(LegacyRequest request)
    {
        using var document = BodyParser.Parse(request.Body, options.MaxVisitBytes, options.MaxJsonDepth, out var parseError);
        if (document is null)
        {
            return InboundMapping.Refused(parseError!);
        }

        var fields = new FieldReader();
        var reader = new VisitReader(standards, tariff, fields);
        reader.Read(
            document.RootElement,
            DateOnly.FromDateTime(request.ReceivedAt.ToOffset(LegacyText.CambodiaOffset).DateTime),
            request.Headers.TryGetValue("X-Facility-Code", out var facility) ? facility : null);
        var key = reader.VisitCode ?? "visit";
        var idempotencyKey = $"pmrs-visit|{key}|{reader.Submission ?? "-"}|{Convert.ToHexStringLower(SHA256.HashData(request.Body.Span))}";
        if (fields.Errors.Count > 0 || reader.Patient is not { } patient || reader.Visit is not { } visit)
        {
            return new InboundMapping
            {
                Items = [new MappedItem { Key = key, Errors = fields.Errors }],
                IdempotencyKey = idempotencyKey,
                UnmappedFields = fields.Unmapped,
            };
        }

        var registered = VisitFhirBuilder.Patient(patient);
        var interactions = new List<FhirInteraction>
        {
            new()
            {
                Purpose = "register",
                Destination = Destination.Registry,
                Verb = FhirVerb.Post,
                Url = "Patient/$register",
                Resource = registered,
                Profile = VisitFhirBuilder.PatientProfile,
                PolicyInteraction = "register",
            },
        };

        // Discount, hospital exception and full pay are recorded only: the registry learns the person, no operator is called.
        if (visit.Operator is not null && visit.Scheme is not null)
        {
            var encounter = VisitFhirBuilder.Encounter(patient, visit);
            interactions.Add(new FhirInteraction
            {
                Purpose = "encounter-submit",
                Destination = Destination.Operator,
                Operator = visit.Operator,
                Verb = FhirVerb.Put,
                Url = "Encounter/" + encounter.Id,
                Resource = encounter,
                Profile = VisitFhirBuilder.EncounterProfile,
                PolicyInteraction = "encounter-submit",
                DependsOn = ["register"],
            });

            if (visit.IsFinal)
            {
                var profile = PmrsStandards.Profile(visit.Scheme == "HEF" ? "kh-claim-hef" : "kh-claim-nssf");
                interactions.Add(new FhirInteraction
                {
                    Purpose = "claim-submit",
                    Destination = Destination.Operator,
                    Operator = visit.Operator,
                    Verb = FhirVerb.Post,
                    Url = "Claim/$submit",
                    Resource = VisitFhirBuilder.Claim(patient, visit, reader.Diagnoses, reader.Invoices, profile),
                    Profile = profile,
                    PolicyInteraction = "claim-submit",
                    DependsOn = ["register", "encounter-submit"],
                });
            }
        }

        return new InboundMapping
        {
            Items = [new MappedItem { Key = visit.Code, Interactions = interactions }],
            IdempotencyKey = idempotencyKey,
            UnmappedFields = fields.Unmapped,
        };
    }
}
