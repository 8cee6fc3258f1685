using System.Text.Json;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Hl7.Fhir.Serialization;
using Interop.Contracts.Standards;
using Interop.Sandbox.Operators;
using Interop.Standards.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Interop.Sandbox;

/// <summary>
/// Registers and maps the sandbox operators: <c>/sandbox/nssf/fhir/</c> (member <c>KH/GOV/NSSF/HSPIS</c>) and
/// <c>/sandbox/pca/fhir/</c> (member <c>KH/GOV/MOH/PCA</c>), serving the interactions of <c>standards/interactions.md</c>.
/// </summary>
public static class SandboxEndpoints
{
    private static readonly JsonSerializerOptions Json = new JsonSerializerOptions().ForFhir().Pretty();

    private static readonly (string Route, string Member, string Display)[] Operators =
    [
        ("nssf", "KH/GOV/NSSF/HSPIS", "National Social Security Fund (sandbox)"),
        ("pca", "KH/GOV/MOH/PCA", "Payment Certification Agency (sandbox)"),
    ];

    public static IServiceCollection AddSandboxOperators(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SandboxOptions>().Bind(configuration.GetSection(SandboxOptions.Section))
            .Validate(o => !o.Enabled || File.Exists(o.EnrolmentFile), "Sandbox:EnrolmentFile must exist when the sandbox is enabled.")
            .ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SandboxOptions>>().Value;
            var seed = JsonSerializer.Deserialize<EnrolmentSeed>(File.ReadAllText(options.EnrolmentFile))
                ?? throw new InvalidOperationException($"{options.EnrolmentFile} holds no enrolment.");
            var assessor = new ClaimAssessor(sp.GetRequiredService<ITariff>(), sp.GetRequiredService<ITerminology>(), seed.Facilities.ToDictionary(f => f.Code, f => f.QualityClass, StringComparer.Ordinal));
            var clock = sp.GetRequiredService<TimeProvider>();
            return Operators.ToDictionary(o => o.Route, o => new SandboxOperator(o.Member, o.Display, seed.Enrolments, assessor, clock, options), StringComparer.Ordinal);
        });
        return services;
    }

    /// <summary>The sandbox operators' routes and members, for pointing the gateway's upstreams at them.</summary>
    public static IEnumerable<(string Route, string Member)> Members => Operators.Select(o => (o.Route, o.Member));

    public static IEndpointRouteBuilder MapSandboxOperators(this IEndpointRouteBuilder app)
    {
        var fhir = app.MapGroup("/sandbox/{op}/fhir");
        fhir.MapGet("/metadata", (string op, Dictionary<string, SandboxOperator> operators) =>
            !operators.TryGetValue(op, out var o) ? UnknownOperator(op) : Resource(new CapabilityStatement
            {
                Status = PublicationStatus.Active,
                Date = "2026-11-23",
                Kind = CapabilityStatementKind.Instance,
                FhirVersion = FHIRVersion.N4_0_1,
                Format = ["json"],
                Software = new CapabilityStatement.SoftwareComponent { Name = $"Sandbox {o.Member}" },
            }));
        fhir.MapPost("/CoverageEligibilityRequest", (string op, HttpRequest request, Dictionary<string, SandboxOperator> operators, IFhirValidator validator) =>
            WithBody<CoverageEligibilityRequest>(op, request, operators, validator, (o, r) =>
                o.Eligibility(r) is { } answer ? Resource(answer) : Outcome(404, OperationOutcome.IssueType.NotFound, "No enrolment of this operator knows the patient's identifier.")));
        fhir.MapPut("/{type}/{id}", (string op, string type, string id, HttpRequest request, Dictionary<string, SandboxOperator> operators, IFhirValidator validator) =>
            type is "Encounter" or "Coverage"
                ? WithBody<Resource>(op, request, operators, validator, (o, r) => r.TypeName == type ? Resource(o.Store(type, id, r)) : Outcome(400, OperationOutcome.IssueType.Invalid, $"The body is a {r.TypeName}, not a {type}."))
                : Task.FromResult(Outcome(405, OperationOutcome.IssueType.NotSupported, $"The sandbox stores Encounter and Coverage, not {type}.")));
        fhir.MapGet("/{type}/{id}", (string op, string type, string id, Dictionary<string, SandboxOperator> operators) =>
            !operators.TryGetValue(op, out var o) ? UnknownOperator(op)
            : o.Read(type, id) is { } stored ? Resource(stored)
            : Outcome(404, OperationOutcome.IssueType.NotFound, $"{type}/{id} is not stored."));
        fhir.MapPost("/Claim/$submit", (string op, HttpRequest request, Dictionary<string, SandboxOperator> operators, IFhirValidator validator) =>
            WithBody<Claim>(op, request, operators, validator, (o, claim) => Resource(o.Submit(claim))));
        fhir.MapPost("/$process-message", (string op, HttpRequest request, Dictionary<string, SandboxOperator> operators, IFhirValidator validator) =>
            WithBody<Bundle>(op, request, operators, validator, (o, message) =>
                message.Type != Bundle.BundleType.Message || message.Id is null
                    ? Outcome(400, OperationOutcome.IssueType.Invalid, "Send a Bundle of type message, with its id.")
                    : Outcome(200, OperationOutcome.IssueType.Informational, o.Receive(message) ? "Message received." : "Message already received.")));
        fhir.MapGet("/Bundle", (string op, Dictionary<string, SandboxOperator> operators) =>
            !operators.TryGetValue(op, out var o) ? UnknownOperator(op) : Resource(new Bundle
            {
                Type = Bundle.BundleType.Searchset,
                Total = o.Messages().Count,
                Entry = o.Messages().Select(m => new Bundle.EntryComponent { Resource = m, Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match } }).ToList(),
            }));
        fhir.MapGet("/ClaimResponse", (string op, HttpRequest request, Dictionary<string, SandboxOperator> operators) =>
        {
            if (!operators.TryGetValue(op, out var o))
            {
                return UnknownOperator(op);
            }

            var token = request.Query["request.identifier"].ToString().Split('|', 2);
            if (token.Length != 2)
            {
                return Outcome(400, OperationOutcome.IssueType.Required, "Search by request.identifier=system|value.");
            }

            var matches = o.ResponsesFor(token[0], token[1]);
            return Resource(new Bundle
            {
                Type = Bundle.BundleType.Searchset,
                Total = matches.Count,
                Entry = matches.Select(m => new Bundle.EntryComponent { Resource = m, Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match } }).ToList(),
            });
        });
        return app;
    }

    private static async Task<IResult> WithBody<T>(string op, HttpRequest request, Dictionary<string, SandboxOperator> operators, IFhirValidator validator, Func<SandboxOperator, T, IResult> handle)
        where T : Resource
    {
        if (!operators.TryGetValue(op, out var sandboxOperator))
        {
            return UnknownOperator(op);
        }

        using var reader = new StreamReader(request.Body);
        var parsed = validator.ParseAndValidate(await reader.ReadToEndAsync(request.HttpContext.RequestAborted));
        if (parsed.Resource is not T resource)
        {
            return Resource(parsed.Report.ToOperationOutcome(), 400);
        }

        return handle(sandboxOperator, resource);
    }

    private static IResult UnknownOperator(string op) => Outcome(404, OperationOutcome.IssueType.NotFound, $"No sandbox operator '{op}' (nssf, pca).");

    private static IResult Resource(Resource resource, int status = 200) =>
        Results.Text(JsonSerializer.Serialize(resource, resource.GetType(), Json), "application/fhir+json; charset=utf-8", System.Text.Encoding.UTF8, status);

    private static IResult Outcome(int status, OperationOutcome.IssueType code, string text) =>
        Resource(new OperationOutcome { Issue = [new OperationOutcome.IssueComponent { Severity = status < 400 ? OperationOutcome.IssueSeverity.Information : OperationOutcome.IssueSeverity.Error, Code = code, Details = new CodeableConcept { Text = text } }] }, status);
}
