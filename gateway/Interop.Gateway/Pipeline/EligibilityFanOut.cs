using System.Globalization;
using Hl7.Fhir.Model;
using Interop.Contracts.Mapping;
using Interop.Gateway.Upstreams;
using Microsoft.Extensions.Options;

namespace Interop.Gateway.Pipeline;

/// <summary>
/// The eligibility flow after the registry's cross-reference answer: the person's registry record (for the names a
/// legacy answer shows) and one <c>CoverageEligibilityRequest</c> per operator whose card the person holds. Operators
/// are found through <see cref="UpstreamEndpoint.IdentifierSystems"/>. Answers come back to the adapter with purposes
/// <c>registry-patient</c> and <c>eligibility@{member}</c>.
/// </summary>
internal sealed class EligibilityFanOut(IOptions<UpstreamOptions> options, TimeProvider clock)
{
    public const string PixPurpose = "pix-query";
    public const string TemplatePurpose = "eligibility";
    public const string PatientPurpose = "registry-patient";
    public const string SpidSystem = "https://fhir.nspc.gov.kh/sid/spid";
    public const string FacilitySystem = "https://fhir.nspc.gov.kh/sid/moh-facility-code";
    public const string Profile = "https://fhir.nspc.gov.kh/StructureDefinition/kh-eligibility-request";

    private static readonly TimeSpan Cambodia = TimeSpan.FromHours(7);

    public IEnumerable<FhirInteraction> Expand(Parameters linked, MappedItem item, LegacyRequest request)
    {
        var identifiers = linked.Parameter
            .Where(p => p.Name == "targetIdentifier")
            .Select(p => p.Value as Identifier)
            .Where(i => i?.System is not null && i.Value is not null)
            .Select(i => i!)
            .ToList();

        // IHE PIXm answers the *other* identifiers: the one asked about is a card of the person too.
        if (SourceIdentifier(item) is { } source && !identifiers.Exists(i => i.System == source.System && i.Value == source.Value))
        {
            identifiers.Add(source);
        }

        if (identifiers.FirstOrDefault(i => i.System == SpidSystem) is { } spid)
        {
            yield return new FhirInteraction
            {
                Purpose = PatientPurpose,
                Destination = Destination.Registry,
                Verb = FhirVerb.Get,
                Url = "Patient/" + Uri.EscapeDataString(spid.Value!),
                PolicyInteraction = "read",
            };
        }

        var template = item.Interactions.FirstOrDefault(i => i.Purpose == TemplatePurpose)?.Resource as CoverageEligibilityRequest;
        foreach (var endpoint in options.Value.Endpoints.Values.Where(e => e.IdentifierSystems.Count > 0).OrderBy(e => e.Member, StringComparer.Ordinal))
        {
            if (identifiers.FirstOrDefault(i => endpoint.IdentifierSystems.Contains(i.System!)) is not { } card)
            {
                continue;
            }

            var question = (CoverageEligibilityRequest?)template?.DeepCopy() ?? NewRequest(request);
            question.Patient = new ResourceReference { Identifier = new Identifier(card.System, card.Value) };
            question.Id = DeterministicId.For("celr", card.System!, card.Value + "|" + (question.Serviced as Date)?.Value);
            yield return new FhirInteraction
            {
                Purpose = $"{TemplatePurpose}@{endpoint.Member}",
                Destination = Destination.Operator,
                Operator = endpoint.Member,
                Verb = FhirVerb.Post,
                Url = "CoverageEligibilityRequest",
                Resource = question,
                Profile = Profile,
                PolicyInteraction = "eligibility",
            };
        }
    }

    private static Identifier? SourceIdentifier(MappedItem item)
    {
        var url = item.Interactions.FirstOrDefault(i => i.Purpose == PixPurpose)?.Url;
        var query = url?.Split('?', 2) is [_, var q] ? q : null;
        var token = query?.Split('&').Select(p => p.Split('=', 2)).FirstOrDefault(p => p.Length == 2 && p[0] == "sourceIdentifier")?[1];
        return Uri.UnescapeDataString(token ?? "").Split('|', 2) is [{ Length: > 0 } system, { Length: > 0 } value] ? new Identifier(system, value) : null;
    }

    private CoverageEligibilityRequest NewRequest(LegacyRequest request)
    {
        var now = clock.GetUtcNow().ToOffset(Cambodia);
        var facility = request.Headers.TryGetValue("X-Facility-Code", out var code) && code.Length > 0
            ? new ResourceReference { Identifier = new Identifier(FacilitySystem, code) }
            : new ResourceReference { Display = "facility not given" };
        return new CoverageEligibilityRequest
        {
            Meta = new Meta { Profile = [Profile] },
            Status = FinancialResourceStatusCodes.Active,
            Purpose = [CoverageEligibilityRequest.EligibilityRequestPurpose.Validation],
            Serviced = new Date(now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            Created = now.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            Insurer = new ResourceReference { Display = "the operator of the card" },
            Facility = facility,
        };
    }
}
