using System.Security.Cryptography;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Interop.Contracts.Adapters;
using Interop.Contracts.Mapping;

namespace Interop.Gateway.Tests.Pipeline;

/// <summary>
/// A small adapter written the way an integrator writes one, for driving the pipeline before the real adapters are
/// wired in: a visit becomes a registration (registry) and a claim (PCA).
/// </summary>
internal sealed class ClinicVisitAdapter : ILegacyAdapter
{
    private const string Sid = "https://fhir.nspc.gov.kh/sid/";
    private static readonly string ClaimTemplate = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "standards", "examples", "kh-claim-hef.json"));

    public AdapterManifest Manifest { get; } = new()
    {
        Id = "clinic-visit",
        Version = "1.0.0",
        OperatorSystem = "KH/GOV/MOH/CLINIC-TEST",
        Routes =
        [
            new LegacyRoute { Operation = "visit", Method = "POST", PathTemplate = "/clinic/visits", Flow = InteropFlow.Claim, RequestContentTypes = ["application/json"], MaxRequestBytes = 64 * 1024 },
            new LegacyRoute { Operation = "eligibility", Method = "GET", PathTemplate = "/clinic/eligibility", Flow = InteropFlow.Eligibility },
            new LegacyRoute { Operation = "token", Method = "POST", PathTemplate = "/clinic/oauth/token", Flow = InteropFlow.Authentication, RequestContentTypes = ["application/x-www-form-urlencoded"] },
            new LegacyRoute { Operation = "secure-visit", Method = "POST", PathTemplate = "/clinic/secure/visits", Flow = InteropFlow.Claim, RequestContentTypes = ["application/json"], Authentication = LegacyAuthentication.BearerToken },
        ],
    };

    public ValueTask<InboundMapping> MapRequestAsync(LegacyRequest request, CancellationToken cancellationToken)
    {
        if (request.Operation == "eligibility")
        {
            return ValueTask.FromResult(new InboundMapping
            {
                Items =
                [
                    new MappedItem
                    {
                        Key = "eligibility",
                        Interactions =
                        [
                            new FhirInteraction { Purpose = "pix-query", Destination = Destination.Registry, Verb = FhirVerb.Get, Url = $"Patient/$ihe-pix?sourceIdentifier={Sid}khmer-national-id|{request.QueryValue("nid")}", PolicyInteraction = "pix-query" },
                        ],
                    },
                ],
            });
        }

        JsonElement body;
        try
        {
            body = JsonDocument.Parse(request.Body).RootElement;
        }
        catch (JsonException)
        {
            return ValueTask.FromResult(InboundMapping.Refused(new FieldError("$", "message-not-well-formed", "The body is not JSON.")));
        }

        var errors = new List<FieldError>();
        string Text(string name)
        {
            if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String)
            {
                return v.GetString()!;
            }

            errors.Add(new FieldError(name, "missing-value", $"{name} is required."));
            return "";
        }

        var visit = Text("visit");
        var nid = Text("nid");
        var family = Text("family");
        if (errors.Count > 0)
        {
            return ValueTask.FromResult(new InboundMapping { Items = [new MappedItem { Key = visit, Errors = errors }] });
        }

        var patient = new Patient
        {
            Id = DeterministicId.For("pat", Sid + "khmer-national-id", nid),
            Meta = new Meta { Profile = ["https://fhir.nspc.gov.kh/StructureDefinition/kh-patient-identity"] },
            Identifier = [new Identifier(Sid + "khmer-national-id", nid)],
            Name = [new HumanName { Family = family }],
            Gender = AdministrativeGender.Male,
            BirthDate = "1980-05-15",
        };
        var claim = (Claim)new FhirJsonDeserializer(new DeserializerSettings()).DeserializeResource(ClaimTemplate);
        claim.Id = DeterministicId.For("claim", Sid + "pmrs-visit-code", visit);
        claim.Identifier[0].Value = visit;
        claim.Patient = new ResourceReference { Identifier = new Identifier(Sid + "khmer-national-id", nid) };

        return ValueTask.FromResult(new InboundMapping
        {
            IdempotencyKey = visit + ":" + Convert.ToHexStringLower(SHA256.HashData(request.Body.Span)),
            Items =
            [
                new MappedItem
                {
                    Key = visit,
                    Interactions =
                    [
                        new FhirInteraction { Purpose = "register", Destination = Destination.Registry, Verb = FhirVerb.Post, Url = "Patient/$register", Resource = patient, Profile = patient.Meta.Profile.First(), PolicyInteraction = "register" },
                        new FhirInteraction { Purpose = "claim", Destination = Destination.Operator, Operator = "KH/GOV/MOH/PCA", Verb = FhirVerb.Post, Url = "Claim/$submit", Resource = claim, PolicyInteraction = "claim-submit", DependsOn = ["register"] },
                    ],
                },
            ],
        });
    }

    public LegacyResponse MapResponse(FhirExchange exchange)
    {
        if (exchange.Request.Operation == "eligibility")
        {
            return Json(200, exchange.Outcomes[0].Answers.Select(a => new { purpose = a.Purpose, status = a.Status, type = a.Resource?.TypeName }));
        }

        var outcome = exchange.Outcomes[0];
        var errors = outcome.Item.Errors.Concat(outcome.Errors).ToList();
        if (errors.Count > 0)
        {
            return Json(422, new { error = "invalid", fields = errors.GroupBy(e => e.Path).ToDictionary(g => g.Key, g => g.Select(e => e.Reason)) });
        }

        var registered = (outcome.AnswerFor("register")?.Resource as Parameters)?.Parameter.FirstOrDefault(p => p.Name == "patient")?.Resource as Patient;
        var assessed = outcome.AnswerFor("claim")?.Resource as ClaimResponse;
        return Json(200, new
        {
            spid = registered?.Identifier.FirstOrDefault(i => i.System == Sid + "spid")?.Value,
            claim = assessed?.Outcome?.ToString(),
        });
    }

    public LegacyResponse RenderError(LegacyRequest request, GatewayError error) =>
        Json(error.HttpStatus, new { error = error.Code, message = error.Message, fields = error.Fields?.GroupBy(f => f.Path).ToDictionary(g => g.Key, g => g.Select(f => f.Reason)) });

    private static LegacyResponse Json(int status, object body) =>
        new(status, "application/json; charset=utf-8", JsonSerializer.SerializeToUtf8Bytes(body));
}
