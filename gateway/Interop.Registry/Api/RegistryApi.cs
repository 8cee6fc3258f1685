using System.Globalization;
using Hl7.Fhir.Model;
using Interop.Registry.Identity;
using Interop.Registry.Spids;
using Interop.Registry.Storage;
using Interop.Signatures.AspNetCore;
using Interop.Standards.Validation;
using Microsoft.Extensions.Options;

namespace Interop.Registry.Api;

/// <summary>The registry's FHIR R4 API (JSON): register, match, read, search, cross-reference, link, unlink, merge, review, audit.</summary>
public static class RegistryApi
{
    /// <summary>
    /// Maps the registry's routes under <paramref name="prefix"/> (default <c>/fhir</c>), each with its route id
    /// <c>registry:{operation}</c> for the trust store's route lists (<c>registry:register</c>, <c>registry:match</c>,
    /// <c>registry:ihe-pix</c>, <c>registry:link</c>, <c>registry:unlink</c>, <c>registry:merge</c>,
    /// <c>registry:review-queue</c>, <c>registry:review-resolve</c>, <c>registry:read</c>, <c>registry:search</c>,
    /// <c>registry:audit</c>).
    /// </summary>
    /// <param name="endpoints">The application.</param>
    /// <param name="prefix">The FHIR base path.</param>
    /// <returns>The route group.</returns>
    public static RouteGroupBuilder MapRegistryApi(this IEndpointRouteBuilder endpoints, string prefix = "/fhir")
    {
        var fhir = endpoints.MapGroup(prefix);
        fhir.MapPost("/Patient/$register", RegisterAsync).WithSignedRoute("registry:register");
        fhir.MapPost("/Patient/$match", MatchAsync).WithSignedRoute("registry:match");
        fhir.MapGet("/Patient/$ihe-pix", PixAsync).WithSignedRoute("registry:ihe-pix");
        fhir.MapPost("/Patient/$link", (HttpRequest r, RegistryService s, IOptions<RegistryOptions> o, CancellationToken c) => PairOperationAsync(r, s, o, "patient", "other-patient", s.LinkAsync, c)).WithSignedRoute("registry:link");
        fhir.MapPost("/Patient/$unlink", (HttpRequest r, RegistryService s, IOptions<RegistryOptions> o, CancellationToken c) => PairOperationAsync(r, s, o, "patient", "other-patient", s.UnlinkAsync, c)).WithSignedRoute("registry:unlink");
        fhir.MapPost("/Patient/$merge", (HttpRequest r, RegistryService s, IOptions<RegistryOptions> o, CancellationToken c) => PairOperationAsync(r, s, o, "source-patient", "target-patient", s.MergeAsync, c)).WithSignedRoute("registry:merge");
        fhir.MapGet("/Patient/$review-queue", ReviewQueueAsync).WithSignedRoute("registry:review-queue");
        fhir.MapPost("/Patient/$review-resolve", ReviewResolveAsync).WithSignedRoute("registry:review-resolve");
        fhir.MapGet("/Patient/{id}", ReadAsync).WithSignedRoute("registry:read");
        fhir.MapGet("/Patient", SearchAsync).WithSignedRoute("registry:search");
        fhir.MapGet("/AuditEvent", AuditAsync).WithSignedRoute("registry:audit");
        return fhir;
    }

    private static async Task<IResult> RegisterAsync(HttpRequest request, RegistryService service, IdentityChecks checks, IFhirValidator validator, IOptions<RegistryOptions> options, CancellationToken cancellationToken)
    {
        var (member, refusal) = RequestReading.Member(request);
        if (refusal is not null)
        {
            return refusal;
        }

        var (body, bodyRefusal) = await RequestReading.BodyAsync(request, options.Value.MaxBodyBytes, cancellationToken);
        if (bodyRefusal is not null)
        {
            return bodyRefusal;
        }

        var parsed = validator.ParseAndValidate(body!, RegistryIdentifiers.PatientProfile);
        if (parsed.Resource is not Patient patient)
        {
            return parsed.Resource is null
                ? FhirResults.Resource(parsed.Report.ToOperationOutcome(), StatusCodes.Status400BadRequest)
                : FhirResults.Outcome(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.NotSupported, "Register a Patient.", parsed.Resource.TypeName);
        }

        var problems = parsed.Report.IsValid ? checks.CheckIdentityOnly(patient, member!, "register") : parsed.Report.ToOperationOutcome();
        if (problems is not null)
        {
            return FhirResults.Resource(problems, StatusCodes.Status422UnprocessableEntity);
        }

        var (result, serviceRefusal) = await service.RegisterAsync(patient, member!, cancellationToken);
        if (serviceRefusal is not null)
        {
            return FhirResults.Refused(serviceRefusal);
        }

        var person = await service.ResolveAsync(result!.Spid, cancellationToken);
        var answer = new Parameters();
        var code = result.Outcome switch
        {
            RegistrationOutcome.New => "new",
            RegistrationOutcome.Existing => "existing",
            _ => "possible-duplicate",
        };
        answer.Add("outcome", new Coding(RegistryIdentifiers.RegistrationOutcomeSystem, code));
        answer.Parameter.Add(new Parameters.ParameterComponent { Name = "patient", Resource = await service.GetPatientAsync(person!, cancellationToken) });
        foreach (var candidate in result.Outcome == RegistrationOutcome.PossibleDuplicate ? result.Candidates : [])
        {
            answer.Add("candidate", PersonView.Reference(candidate.ResourceId, candidate.Spid));
        }

        return FhirResults.Resource(answer, result.Outcome == RegistrationOutcome.New ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    private static async Task<IResult> MatchAsync(HttpRequest request, RegistryService service, IdentityChecks checks, IFhirValidator validator, IOptions<RegistryOptions> options, CancellationToken cancellationToken)
    {
        var (member, refusal) = RequestReading.Member(request);
        if (refusal is not null)
        {
            return refusal;
        }

        var (body, bodyRefusal) = await RequestReading.BodyAsync(request, options.Value.MaxBodyBytes, cancellationToken);
        if (bodyRefusal is not null)
        {
            return bodyRefusal;
        }

        var parsed = validator.ParseAndValidate(body!);
        var input = parsed.Resource as Parameters;
        var patient = input?.GetSingle("resource")?.Resource as Patient ?? parsed.Resource as Patient;
        if (patient is null)
        {
            return parsed.Resource is null
                ? FhirResults.Resource(parsed.Report.ToOperationOutcome(), StatusCodes.Status400BadRequest)
                : FhirResults.Outcome(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Required, "Send a Parameters with a 'resource' Patient.", "Parameters.parameter");
        }

        if (checks.CheckProbe(patient, member!) is { } problems)
        {
            return FhirResults.Resource(problems, StatusCodes.Status422UnprocessableEntity);
        }

        var onlyCertain = (input?.GetSingleValue<FhirBoolean>("onlyCertainMatches")?.Value) ?? false;
        var count = (input?.GetSingleValue<Integer>("count")?.Value) ?? 10;
        var candidates = await service.MatchAsync(patient, cancellationToken);
        var bundle = new Bundle { Type = Bundle.BundleType.Searchset };
        foreach (var candidate in candidates.Where(c => !onlyCertain || Grade(service, c) == "certain").Take(Math.Clamp(count, 1, 100)))
        {
            var person = await service.ResolveAsync(candidate.Spid, cancellationToken);
            var entry = new Bundle.EntryComponent
            {
                FullUrl = $"Patient/{person!.ResourceId}",
                Resource = await service.GetPatientAsync(person, cancellationToken),
                Search = new Bundle.SearchComponent
                {
                    Mode = Bundle.SearchEntryMode.Match,
                    Score = candidate.Certain ? 1m : (decimal)Math.Round(service.Matcher.Probability(candidate.Score.Weight), 4),
                },
            };
            entry.Search.SetExtension(RegistryIdentifiers.MatchGradeExtension, new Code(Grade(service, candidate)));
            bundle.Entry.Add(entry);
        }

        bundle.Total = bundle.Entry.Count;
        return FhirResults.Resource(bundle);
    }

    private static string Grade(RegistryService service, MatchCandidate candidate) =>
        candidate.Certain && !candidate.Score.KhmerIdConflict && candidate.Score.Weight >= service.Matcher.Options.IdentifierConflictThreshold ? "certain"
        : candidate.Score.Weight >= service.Matcher.Options.LinkThreshold ? "probable"
        : candidate.Score.Weight >= service.Matcher.Options.ReviewThreshold ? "possible"
        : "certainly-not";

    private static async Task<IResult> PixAsync(HttpRequest request, RegistryService service, IdentityChecks checks, CancellationToken cancellationToken)
    {
        var source = request.Query["sourceIdentifier"].ToString();
        var bar = source.IndexOf('|', StringComparison.Ordinal);
        if (bar <= 0 || bar == source.Length - 1)
        {
            return FhirResults.Outcome(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Required, "sourceIdentifier is system|value.", "sourceIdentifier");
        }

        var (system, value) = (source[..bar], source[(bar + 1)..]);
        if (checks.CheckIdentifier(system, value, "sourceIdentifier") is { } problem)
        {
            return FhirResults.Resource(problem, StatusCodes.Status400BadRequest);
        }

        var targets = request.Query["targetSystem"].Where(t => !string.IsNullOrEmpty(t)).Select(t => t!).ToList();
        if (targets.FirstOrDefault(t => !checks.IsPersonSystem(t)) is { } unknownTarget)
        {
            return FhirResults.Outcome(StatusCodes.Status403Forbidden, OperationOutcome.IssueType.CodeInvalid, $"Unknown target system '{unknownTarget}'.", "targetSystem");
        }

        var person = await service.FindByIdentifierAsync(system, value, cancellationToken);
        if (person is null)
        {
            return FhirResults.Outcome(StatusCodes.Status404NotFound, OperationOutcome.IssueType.NotFound, "No person holds this identifier.", "sourceIdentifier");
        }

        var answer = new Parameters();
        foreach (var (s, v) in await service.CrossReferenceAsync(person, cancellationToken))
        {
            if ((targets.Count == 0 || targets.Contains(s)) && !(s == system && v == value))
            {
                answer.Add("targetIdentifier", new Hl7.Fhir.Model.Identifier(s, v));
            }
        }

        answer.Add("targetId", new ResourceReference($"Patient/{person.ResourceId}"));
        return FhirResults.Resource(answer);
    }

    private static async Task<IResult> ReadAsync(string id, RegistryService service, CancellationToken cancellationToken)
    {
        PersonRow? person;
        if (id.Length == 12 && id.All(char.IsAsciiDigit))
        {
            if (Spid.Check(id) != SpidCheck.Valid)
            {
                return FhirResults.Outcome(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Value, "The SPID's check digit is wrong: a mistyped SPID.", "Patient.id");
            }

            person = await service.ResolveAsync(id, cancellationToken);
        }
        else
        {
            person = await service.FindByResourceIdAsync(id, cancellationToken);
            person = person?.MergedInto is { } survivor ? await service.ResolveAsync(survivor, cancellationToken) : person;
        }

        return person is null
            ? FhirResults.Outcome(StatusCodes.Status404NotFound, OperationOutcome.IssueType.NotFound, "No person has this id.", "Patient.id")
            : FhirResults.Resource(await service.GetPatientAsync(person, cancellationToken));
    }

    private static async Task<IResult> SearchAsync(HttpRequest request, RegistryService service, IdentityChecks checks, CancellationToken cancellationToken)
    {
        var identifier = request.Query["identifier"].ToString();
        var bar = identifier.IndexOf('|', StringComparison.Ordinal);
        if (bar <= 0 || bar == identifier.Length - 1)
        {
            return FhirResults.Outcome(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.NotSupported, "Search by identifier=system|value.", "identifier");
        }

        var (system, value) = (identifier[..bar], identifier[(bar + 1)..]);
        if (checks.CheckIdentifier(system, value, "identifier") is { } problem)
        {
            return FhirResults.Resource(problem, StatusCodes.Status400BadRequest);
        }

        var person = await service.FindByIdentifierAsync(system, value, cancellationToken);
        var bundle = new Bundle { Type = Bundle.BundleType.Searchset, Total = person is null ? 0 : 1 };
        if (person is not null)
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"Patient/{person.ResourceId}",
                Resource = await service.GetPatientAsync(person, cancellationToken),
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
            });
        }

        return FhirResults.Resource(bundle);
    }

    private delegate Task<Refusal?> PairOperation(string spid, string otherSpid, string reason, string member, CancellationToken cancellationToken);

    private static async Task<IResult> PairOperationAsync(HttpRequest request, RegistryService service, IOptions<RegistryOptions> options, string first, string second, PairOperation operation, CancellationToken cancellationToken)
    {
        var (member, input, refusal) = await ReadParametersAsync(request, options, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var (a, aRefusal) = SpidParameter(input!, first);
        var (b, bRefusal) = SpidParameter(input!, second);
        var reason = input!.GetSingleValue<FhirString>("reason")?.Value;
        if ((aRefusal ?? bRefusal) is { } pairRefusal)
        {
            return pairRefusal;
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return FhirResults.Outcome(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Required, "Give the reason (parameter 'reason', valueString).", "Parameters.parameter('reason')");
        }

        var result = await operation(a!, b!, reason, member!, cancellationToken);
        if (result is not null)
        {
            return FhirResults.Refused(result with { Expression = result.Expression?.Replace("parameter[0]", $"parameter('{first}')", StringComparison.Ordinal).Replace("parameter[1]", $"parameter('{second}')", StringComparison.Ordinal) });
        }

        var survivor = await service.ResolveAsync(b!, cancellationToken);
        return FhirResults.Resource(await service.GetPatientAsync(survivor!, cancellationToken));
    }

    private static async Task<IResult> ReviewQueueAsync(RegistryService service, int? count, CancellationToken cancellationToken)
    {
        var items = await service.ListReviewsAsync(Math.Clamp(count ?? 50, 1, 500), cancellationToken);
        var answer = new Parameters();
        answer.Add("count", new Integer(items.Count));
        foreach (var item in items)
        {
            var part = new Parameters.ParameterComponent { Name = "item" };
            part.Part.Add(new Parameters.ParameterComponent { Name = "id", Value = new FhirString(item.Id.ToString(CultureInfo.InvariantCulture)) });
            part.Part.Add(new Parameters.ParameterComponent { Name = "patient", Value = PersonView.Reference(RegistryService.ResourceIdFor(item.Spid), item.Spid) });
            part.Part.Add(new Parameters.ParameterComponent { Name = "candidate", Value = PersonView.Reference(RegistryService.ResourceIdFor(item.CandidateSpid), item.CandidateSpid) });
            part.Part.Add(new Parameters.ParameterComponent { Name = "weight", Value = new FhirDecimal((decimal)Math.Round(item.Weight, 2)) });
            part.Part.Add(new Parameters.ParameterComponent { Name = "score", Value = new FhirDecimal((decimal)Math.Round(service.Matcher.Probability(item.Weight), 4)) });
            foreach (var field in System.Text.Json.JsonSerializer.Deserialize<List<Matching.FieldScore>>(item.FieldScoresJson, RegistryService.ScoreJson) ?? [])
            {
                var fieldPart = new Parameters.ParameterComponent { Name = "field" };
                fieldPart.Part.Add(new Parameters.ParameterComponent { Name = "name", Value = new Code(field.Field) });
                fieldPart.Part.Add(new Parameters.ParameterComponent { Name = "level", Value = new Code(field.Level.ToString().ToLowerInvariant()) });
                fieldPart.Part.Add(new Parameters.ParameterComponent { Name = "weight", Value = new FhirDecimal((decimal)Math.Round(field.Weight, 2)) });
                part.Part.Add(fieldPart);
            }

            answer.Parameter.Add(part);
        }

        return FhirResults.Resource(answer);
    }

    private static async Task<IResult> ReviewResolveAsync(HttpRequest request, RegistryService service, IOptions<RegistryOptions> options, CancellationToken cancellationToken)
    {
        var (member, input, refusal) = await ReadParametersAsync(request, options, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var itemText = input!.GetSingleValue<FhirString>("item")?.Value;
        if (!long.TryParse(itemText, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return FhirResults.Outcome(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Required, "Name the review item (parameter 'item', valueString).", "Parameters.parameter('item')");
        }

        var decision = input.GetSingleValue<Code>("decision")?.Value;
        if (decision is not ("same-person" or "different-people"))
        {
            return FhirResults.Outcome(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.CodeInvalid, "The decision is same-person or different-people (valueCode).", "Parameters.parameter('decision')");
        }

        var reason = input.GetSingleValue<FhirString>("reason")?.Value;
        if (string.IsNullOrWhiteSpace(reason))
        {
            return FhirResults.Outcome(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Required, "Give the reason (parameter 'reason', valueString).", "Parameters.parameter('reason')");
        }

        var result = await service.ResolveReviewAsync(id, decision == "same-person", reason, member!, cancellationToken);
        return result is null
            ? FhirResults.Resource(new OperationOutcome { Issue = [new OperationOutcome.IssueComponent { Severity = OperationOutcome.IssueSeverity.Information, Code = OperationOutcome.IssueType.Informational, Details = new CodeableConcept { Text = $"Review item {id} resolved as {decision}." } }] })
            : FhirResults.Refused(result with { Expression = "Parameters.parameter('item')" });
    }

    private static async Task<IResult> AuditAsync(string? patient, RegistryService service, CancellationToken cancellationToken)
    {
        if (patient is null || Spid.Check(patient) != SpidCheck.Valid)
        {
            return FhirResults.Outcome(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Required, "Search the audit trail by patient={SPID}.", "patient");
        }

        var bundle = new Bundle { Type = Bundle.BundleType.Searchset };
        foreach (var entry in await service.Store.ListAuditAsync(patient, cancellationToken))
        {
            var audit = new AuditEvent
            {
                Id = $"audit-{entry.Id}",
                Type = new Coding(Notifications.NotificationBuilder.EventSystem, entry.Action),
                Recorded = entry.At,
                Outcome = AuditEvent.AuditEventOutcome.N0,
                PurposeOfEvent = [new CodeableConcept { Text = entry.Reason }],
                Agent = [new AuditEvent.AgentComponent { Who = new ResourceReference { Identifier = new Hl7.Fhir.Model.Identifier("urn:x-road", entry.Member) }, Requestor = true }],
                Source = new AuditEvent.SourceComponent { Observer = new ResourceReference { Display = RegistryIdentifiers.RegistryMember } },
                Entity = [.. new[] { entry.Spid, entry.OtherSpid }.OfType<string>().Select(s => new AuditEvent.EntityComponent { What = new ResourceReference { Identifier = new Hl7.Fhir.Model.Identifier(RegistryIdentifiers.Spid, s) } })],
            };
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = $"AuditEvent/{audit.Id}", Resource = audit, Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match } });
        }

        bundle.Total = bundle.Entry.Count;
        return FhirResults.Resource(bundle);
    }

    private static async Task<(string? Member, Parameters? Input, IResult? Refusal)> ReadParametersAsync(HttpRequest request, IOptions<RegistryOptions> options, CancellationToken cancellationToken)
    {
        var (member, refusal) = RequestReading.Member(request);
        if (refusal is not null)
        {
            return (null, null, refusal);
        }

        var (body, bodyRefusal) = await RequestReading.BodyAsync(request, options.Value.MaxBodyBytes, cancellationToken);
        if (bodyRefusal is not null)
        {
            return (null, null, bodyRefusal);
        }

        var validator = request.HttpContext.RequestServices.GetRequiredService<IFhirValidator>();
        var parsed = validator.ParseAndValidate(body!);
        return parsed.Resource is Parameters input
            ? (member, input, null)
            : (null, null, parsed.Resource is null
                ? FhirResults.Resource(parsed.Report.ToOperationOutcome(), StatusCodes.Status400BadRequest)
                : FhirResults.Outcome(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.NotSupported, "Send a Parameters resource.", parsed.Resource.TypeName));
    }

    private static (string? Spid, IResult? Refusal) SpidParameter(Parameters input, string name)
    {
        var expression = $"Parameters.parameter('{name}')";
        var value = input.GetSingle(name)?.Value switch
        {
            Hl7.Fhir.Model.Identifier { System: var system, Value: var v } when system == RegistryIdentifiers.Spid => v,
            ResourceReference { Identifier: { } identifier } when identifier.System == RegistryIdentifiers.Spid => identifier.Value,
            FhirString s => s.Value,
            _ => null,
        };
        return Spid.Check(value) switch
        {
            SpidCheck.Valid => (value, null),
            SpidCheck.InvalidCheckDigit => (null, FhirResults.Outcome(StatusCodes.Status422UnprocessableEntity, OperationOutcome.IssueType.Value, "The SPID's check digit is wrong: a mistyped SPID.", expression)),
            _ => (null, FhirResults.Outcome(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Required, $"Give '{name}' as a SPID (valueIdentifier with system {RegistryIdentifiers.Spid}).", expression)),
        };
    }
}
