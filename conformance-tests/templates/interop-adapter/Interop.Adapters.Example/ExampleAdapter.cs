using System.Text.Json;
using System.Text.Unicode;
using Hl7.Fhir.Model;
using Interop.Contracts.Adapters;
using Interop.Contracts.Mapping;
using Interop.Contracts.Standards;
using Microsoft.Extensions.Options;

namespace Interop.Adapters.Example;

/// <summary>
/// The Example system registers its patients with <c>POST /example/patients</c> and a flat JSON body; the adapter sends an
/// identity-only FHIR Patient to the registry and answers <c>{"spid": ...}</c>, or <c>422</c> with every bad field.
/// Replace the payload, the routes and the mapping with your system's; keep the shape.
/// </summary>
public sealed class ExampleAdapter(IOptions<ExampleAdapterOptions> options, ITerminology terminology, IIdentifierSystems identifiers) : ILegacyAdapter
{
    private const string Sid = "https://fhir.nspc.gov.kh/sid/";
    private const string IdentityProfile = "https://fhir.nspc.gov.kh/StructureDefinition/kh-patient-identity";

    /// <summary>The fields of the legacy body the adapter maps; any other field is reported as unmapped.</summary>
    private static readonly string[] MappedFields = ["national_id", "family", "given", "sex", "birth_date"];

    /// <inheritdoc />
    public AdapterManifest Manifest { get; } = new()
    {
        Id = "example",
        Version = "0.1.0",
        OperatorSystem = options.Value.OperatorSystem,
        Routes =
        [
            new LegacyRoute
            {
                Operation = "register",
                Method = "POST",
                PathTemplate = "/example/patients",
                Flow = InteropFlow.Register,
                RequestContentTypes = ["application/json"],
            },
        ],
    };

    /// <inheritdoc />
    public ValueTask<InboundMapping> MapRequestAsync(LegacyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Utf8.IsValid(request.Body.Span))
        {
            return ValueTask.FromResult(InboundMapping.Refused(new FieldError("body", "message-not-well-formed", "The body is not UTF-8.")));
        }

        JsonElement body;
        try
        {
            using var document = JsonDocument.Parse(request.Body, new JsonDocumentOptions { MaxDepth = 8 });
            body = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return ValueTask.FromResult(InboundMapping.Refused(new FieldError("body", "message-not-well-formed", "The body is not well-formed JSON.")));
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            return ValueTask.FromResult(InboundMapping.Refused(new FieldError("body", "invalid-format", "The body is a JSON object.")));
        }

        var errors = new List<FieldError>();
        var nationalId = Required(body, "national_id", errors);
        if (nationalId is not null && identifiers.Check(Sid + "khmer-national-id", nationalId) != IdentifierCheck.Valid)
        {
            errors.Add(new FieldError("national_id", "invalid-format", "The Khmer national ID is 9 digits.", nationalId));
        }

        var family = Required(body, "family", errors);
        var sex = Required(body, "sex", errors);
        var gender = sex is null ? null : terminology.Translate("pmrs-sex-to-administrative-gender", sex);
        if (gender is { IsMatch: false })
        {
            errors.Add(new FieldError("sex", "unknown-code", "The sex is M or F.", sex));
        }

        var birthDate = Optional(body, "birth_date");
        if (birthDate is not null && !DateOnly.TryParseExact(birthDate, "yyyy-MM-dd", out _))
        {
            errors.Add(new FieldError("birth_date", "invalid-format", "The birth date is YYYY-MM-DD.", birthDate));
        }

        var item = new MappedItem { Key = nationalId ?? "patient", Errors = errors };
        if (errors.Count == 0)
        {
            var patient = new Patient
            {
                Id = DeterministicId.For("example", Sid + "khmer-national-id", nationalId!),
                Meta = new Meta { Profile = [IdentityProfile] },
                Identifier = [new Identifier(Sid + "khmer-national-id", nationalId)],
                Name = [new HumanName { Family = family, Given = Optional(body, "given") is { } given ? [given] : [] }],
                Gender = gender!.Code == "female" ? AdministrativeGender.Female : AdministrativeGender.Male,
                BirthDate = birthDate,
            };
            item = item with { Interactions = [Register(patient)] };
        }

        return ValueTask.FromResult(new InboundMapping
        {
            Items = [item],
            UnmappedFields = [.. body.EnumerateObject().Select(p => p.Name).Where(n => !MappedFields.Contains(n))],
        });
    }

    /// <inheritdoc />
    public LegacyResponse MapResponse(FhirExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        var errors = exchange.Mapping.MessageErrors.Concat(exchange.Outcomes.SelectMany(o => o.Item.Errors.Concat(o.Errors))).ToList();
        if (errors.Count > 0)
        {
            return Invalid(422, "invalid", errors);
        }

        var answer = exchange.Outcomes.Select(o => o.AnswerFor("register")).FirstOrDefault();
        if (answer is not { IsSuccess: true, Resource: Patient registered })
        {
            return ExampleJson.Answer(503, new { error = "unavailable", message = "The registry did not answer; retry later." });
        }

        return ExampleJson.Answer(200, new { spid = registered.Identifier.FirstOrDefault(i => i.System == Sid + "spid")?.Value });
    }

    /// <inheritdoc />
    public LegacyResponse RenderError(LegacyRequest request, GatewayError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Invalid(error.HttpStatus, error.Code, error.Fields ?? [], error.Message);
    }

    private static FhirInteraction Register(Patient patient) => new()
    {
        Purpose = "register",
        Destination = Destination.Registry,
        Verb = FhirVerb.Post,
        Url = "Patient/$register",
        Resource = patient,
        Profile = IdentityProfile,
        PolicyInteraction = "register",
    };

    private static LegacyResponse Invalid(int status, string code, IEnumerable<FieldError> errors, string? message = null) =>
        ExampleJson.Answer(status, new
        {
            error = code,
            message = message ?? "Some fields are invalid.",
            fields = errors.GroupBy(e => e.Path).ToDictionary(g => g.Key, g => g.Select(e => e.Reason).ToArray()),
        });

    private static string? Required(JsonElement body, string name, List<FieldError> errors)
    {
        var value = Optional(body, name);
        if (value is null)
        {
            errors.Add(new FieldError(name, "missing-value", $"{name} is required: a non-empty string."));
        }

        return value;
    }

    private static string? Optional(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text.Trim() : null;
}
