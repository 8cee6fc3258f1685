using Hl7.Fhir.Model;
using Interop.Standards;
using Interop.Standards.Validation;

namespace Interop.Gateway.Fhir;

/// <summary>
/// The standards as a FHIR server serves them: read and search the conformance artifacts, and <c>$validate</c>
/// any resource against our profiles (as HAPI FHIR and Firely Server do), so an integrator checks their output
/// against the same validator the gateway runs on every message.
/// </summary>
internal static class FhirStandardsApi
{
    /// <summary>Largest body <c>$validate</c> reads; larger bodies are refused with 413.</summary>
    public const int MaxValidateBytes = 4 * 1024 * 1024;

    private static readonly HashSet<string> ArtifactTypes = ["StructureDefinition", "CodeSystem", "ValueSet", "ConceptMap", "NamingSystem"];

    public static WebApplication MapFhirStandardsApi(this WebApplication app)
    {
        var fhir = app.MapGroup("/fhir");
        fhir.MapGet("/metadata", (StandardsCatalog standards, TimeProvider clock) => FhirResults.Resource(Capabilities(standards, clock)));
        fhir.MapGet("/{type}", (string type, string? url, StandardsCatalog standards, TimeProvider clock) => Search(type, url, standards, clock));
        fhir.MapGet("/{type}/{id}", (string type, string id, StandardsCatalog standards) => Read(type, id, standards));
        fhir.MapPost("/{type}/$validate", ValidateAsync);
        return app;
    }

    private static IResult Read(string type, string id, StandardsCatalog standards)
    {
        if (!ArtifactTypes.Contains(type))
        {
            return FhirResults.Outcome(StatusCodes.Status404NotFound, OperationOutcome.IssueType.NotSupported, $"This server serves the standards only: {string.Join(", ", ArtifactTypes)}.");
        }

        var artifact = standards.Artifacts.FirstOrDefault(a => a.Resource.TypeName == type && a.Resource.Id == id);
        return artifact is null
            ? FhirResults.Outcome(StatusCodes.Status404NotFound, OperationOutcome.IssueType.NotFound, $"{type}/{id} is not in the standards.")
            : FhirResults.Resource(artifact.Resource);
    }

    private static IResult Search(string type, string? url, StandardsCatalog standards, TimeProvider clock)
    {
        if (!ArtifactTypes.Contains(type))
        {
            return FhirResults.Outcome(StatusCodes.Status404NotFound, OperationOutcome.IssueType.NotSupported, $"This server serves the standards only: {string.Join(", ", ArtifactTypes)}.");
        }

        var matches = standards.Artifacts
            .Where(a => a.Resource.TypeName == type && (url is null || a.Url == CanonicalUrls.WithoutVersion(url)))
            .Select(a => a.Resource)
            .ToList();
        var bundle = new Bundle
        {
            Type = Bundle.BundleType.Searchset,
            Total = matches.Count,
            Timestamp = clock.GetUtcNow(),
            Entry = matches.Select(r => new Bundle.EntryComponent { FullUrl = $"{CanonicalUrls.Base}/{r.TypeName}/{r.Id}", Resource = r, Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match } }).ToList(),
        };
        return FhirResults.Resource(bundle);
    }

    private static async Task<IResult> ValidateAsync(string type, string? profile, HttpRequest request, IFhirValidator validator, CancellationToken cancellationToken)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim();
        if (mediaType is not ("application/fhir+json" or "application/json"))
        {
            return FhirResults.Outcome(StatusCodes.Status415UnsupportedMediaType, OperationOutcome.IssueType.NotSupported, "Send the resource as application/fhir+json.");
        }

        var bytes = await Hosting.LimitedBody.ReadAsync(request, MaxValidateBytes, cancellationToken);
        if (bytes is null)
        {
            return FhirResults.Outcome(StatusCodes.Status413PayloadTooLarge, OperationOutcome.IssueType.TooCostly, $"The body is larger than {MaxValidateBytes} bytes.");
        }

        var parsed = validator.ParseAndValidate(System.Text.Encoding.UTF8.GetString(bytes), profile);
        if (parsed.Resource is null)
        {
            return FhirResults.Resource(parsed.Report.ToOperationOutcome(), StatusCodes.Status400BadRequest);
        }

        if (parsed.Resource.TypeName != type)
        {
            return FhirResults.Outcome(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid, $"The body is a {parsed.Resource.TypeName}, not a {type}.", parsed.Resource.TypeName);
        }

        return FhirResults.Resource(parsed.Report.ToOperationOutcome());
    }

    private static CapabilityStatement Capabilities(StandardsCatalog standards, TimeProvider clock) => new()
    {
        Status = PublicationStatus.Active,
        Date = clock.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        Kind = CapabilityStatementKind.Instance,
        FhirVersion = FHIRVersion.N4_0_1,
        Format = ["json"],
        Software = new CapabilityStatement.SoftwareComponent { Name = "Cambodia social health interoperability gateway" },
        Rest =
        [
            new CapabilityStatement.RestComponent
            {
                Mode = CapabilityStatement.RestfulCapabilityMode.Server,
                Documentation = $"The shared standards ({standards.Artifacts.Count} artifacts under {CanonicalUrls.Base}) and $validate against their profiles.",
                Resource = ArtifactTypes.Order(StringComparer.Ordinal).Select(t => new CapabilityStatement.ResourceComponent
                {
                    Type = t,
                    Interaction =
                    [
                        new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.Read },
                        new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.SearchType },
                    ],
                    SearchParam = [new CapabilityStatement.SearchParamComponent { Name = "url", Type = SearchParamType.Uri }],
                }).ToList(),
                Operation = [new CapabilityStatement.OperationComponent { Name = "validate", Definition = "http://hl7.org/fhir/OperationDefinition/Resource-validate" }],
            },
        ],
    };
}
