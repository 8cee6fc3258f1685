using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Unicode;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;
using Interop.Contracts.Adapters;
using Interop.Contracts.Mapping;
using Interop.Contracts.Registration;
using Interop.Contracts.Standards;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Clinic.Interop;

/// <summary>Options of the clinic adapter, with their defaults; checked when the gateway starts.</summary>
public sealed class ClinicRegisterOptions
{
    /// <summary>The member id of the clinic system. Default: a sandbox clinic.</summary>
    [Required, RegularExpression("^KH/[A-Z]+/[A-Za-z0-9-]+/[A-Za-z0-9-]+$")]
    public string OperatorSystem { get; set; } = "KH/GOV/MOH/CLINIC-SANDBOX";
}

/// <summary>
/// A clinic system registers patients with <c>POST /clinic/register</c> and a small JSON body;
/// the adapter turns it into an identity-only FHIR Patient for the registry, and the answer into <c>{"spid": ...}</c>.
/// </summary>
public sealed class ClinicRegisterAdapter(IOptions<ClinicRegisterOptions> options, ITerminology terminology) : ILegacyAdapter
{
    private const string Sid = "https://fhir.nspc.gov.kh/sid/";

    public AdapterManifest Manifest { get; } = new()
    {
        Id = "clinic-register",
        Version = "1.0.0",
        OperatorSystem = options.Value.OperatorSystem,
        Routes =
        [
            new LegacyRoute
            {
                Operation = "register",
                Method = "POST",
                PathTemplate = "/clinic/register",
                Flow = InteropFlow.Register,
                RequestContentTypes = ["application/json"],
            },
        ],
    };

    public ValueTask<InboundMapping> MapRequestAsync(LegacyRequest request, CancellationToken cancellationToken)
    {
        // Bad input never throws: a body that is not UTF-8 or not JSON is a field error like any other
        // (JsonDocument accepts invalid UTF-8 inside strings, and GetString() would throw on it later).
        if (!Utf8.IsValid(request.Body.Span))
        {
            return ValueTask.FromResult(InboundMapping.Refused(new FieldError("$", "message-not-well-formed", "The body is not UTF-8.")));
        }

        JsonElement body;
        try
        {
            body = JsonDocument.Parse(request.Body, new JsonDocumentOptions { MaxDepth = 16 }).RootElement;
        }
        catch (JsonException)
        {
            return ValueTask.FromResult(InboundMapping.Refused(new FieldError("$", "message-not-well-formed", "The body is not JSON.")));
        }

        var errors = new List<FieldError>();
        var nid = Text(body, "nid", errors);
        var family = Text(body, "family", errors);
        var sex = Text(body, "sex", errors);
        var gender = sex is null ? null : terminology.Translate("pmrs-sex-to-administrative-gender", sex);
        if (gender is { IsMatch: false })
        {
            errors.Add(new FieldError("sex", "unknown-code", "Sex is M or F.", sex));
        }

        var patient = new Patient
        {
            Id = "clinic-" + nid,
            Meta = new Meta { Profile = ["https://fhir.nspc.gov.kh/StructureDefinition/kh-patient-identity"] },
            Identifier = [new Identifier(Sid + "khmer-national-id", nid)],
            Name = [new HumanName { Family = family }],
            Gender = gender?.Code is { } code ? EnumUtility.ParseLiteral<AdministrativeGender>(code) : null,
            BirthDate = body.TryGetProperty("birth", out var birth) && birth.ValueKind == JsonValueKind.String ? birth.GetString() : null,
        };

        return ValueTask.FromResult(new InboundMapping
        {
            Items =
            [
                new MappedItem
                {
                    Key = nid ?? "patient",
                    Errors = errors,
                    Interactions = errors.Count > 0 ? [] :
                    [
                        new FhirInteraction
                        {
                            Purpose = "register",
                            Destination = Destination.Registry,
                            Verb = FhirVerb.Post,
                            Url = "Patient",
                            Resource = patient,
                            Profile = patient.Meta.Profile.First(),
                            PolicyInteraction = "register",
                        },
                    ],
                },
            ],
        });
    }

    public LegacyResponse MapResponse(FhirExchange exchange)
    {
        var outcome = exchange.Outcomes[0];
        if (!outcome.Item.IsAccepted || outcome.Errors.Count > 0)
        {
            return Json(422, new { error = "invalid", fields = outcome.Item.Errors.Concat(outcome.Errors).ToDictionary(e => e.Path, e => e.Reason) });
        }

        var registered = outcome.AnswerFor("register")?.Resource as Patient;
        var spid = registered?.Identifier.FirstOrDefault(i => i.System == Sid + "spid")?.Value;
        return Json(200, new { spid });
    }

    public LegacyResponse RenderError(LegacyRequest request, GatewayError error) =>
        Json(error.HttpStatus, new { error = error.Code, message = error.Message, fields = error.Fields?.ToDictionary(f => f.Path, f => f.Reason) });

    private static string? Text(JsonElement body, string name, List<FieldError> errors)
    {
        if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
        {
            return text;
        }

        errors.Add(new FieldError(name, "missing-value", $"{name} is required and must be a string."));
        return null;
    }

    private static LegacyResponse Json(int status, object body) =>
        new(status, "application/json; charset=utf-8", JsonSerializer.SerializeToUtf8Bytes(body));
}

/// <summary>The adapter's registration: <c>services.AddInterop().AddClinicRegisterAdapter()</c>.</summary>
public static class ClinicRegisterRegistration
{
    public static IInteropBuilder AddClinicRegisterAdapter(this IInteropBuilder builder, Action<ClinicRegisterOptions>? configure = null)
    {
        builder.Services.AddOptions<ClinicRegisterOptions>()
            .Configure(o => configure?.Invoke(o))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return builder.AddAdapter<ClinicRegisterAdapter>();
    }
}
