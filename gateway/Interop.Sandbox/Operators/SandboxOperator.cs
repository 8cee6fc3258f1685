using System.Collections.Concurrent;
using Hl7.Fhir.Model;

namespace Interop.Sandbox.Operators;

/// <summary>
/// One sandbox operator (the NSSF or the PCA): answers eligibility from the seeded enrolment, stores encounters and
/// coverages, assesses claims from the sample tariff, and moves each claim from received to assessed to paid as time
/// passes. In memory: the sandbox forgets everything when the gateway stops.
/// </summary>
internal sealed class SandboxOperator(string member, string display, IReadOnlyList<SeedEnrolment> enrolments, ClaimAssessor assessor, TimeProvider clock, SandboxOptions options)
{
    private readonly ConcurrentDictionary<string, Resource> _stored = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SubmittedClaim> _claims = new(StringComparer.Ordinal);

    public string Member { get; } = member;

    public Resource Store(string type, string id, Resource resource)
    {
        resource.Id = id;
        resource.Meta = new Meta { LastUpdated = clock.GetUtcNow(), VersionId = "1" };
        _stored[$"{type}/{id}"] = resource;
        return resource;
    }

    public Resource? Read(string type, string id) => _stored.GetValueOrDefault($"{type}/{id}");

    /// <summary>Takes a FHIR message (the registry's link and merge notifications); the same message again is taken once.</summary>
    /// <returns>Whether the message was new.</returns>
    public bool Receive(Bundle message) => _stored.TryAdd($"Bundle/{message.Id}", message);

    /// <summary>The messages received, oldest first.</summary>
    public IReadOnlyList<Bundle> Messages() =>
        [.. _stored.Where(kv => kv.Key.StartsWith("Bundle/", StringComparison.Ordinal)).Select(kv => (Bundle)kv.Value).OrderBy(b => b.Timestamp)];

    /// <returns>The response, or <see langword="null"/> when no enrolment knows the patient's identifier.</returns>
    public CoverageEligibilityResponse? Eligibility(CoverageEligibilityRequest request)
    {
        var patient = request.Patient?.Identifier;
        var mine = enrolments.Where(e => e.Operator == Member && patient is not null
            && ((e.Card.System == patient.System && e.Card.Value == patient.Value) || e.Person.Any(p => p.System == patient.System && p.Value == patient.Value))).ToList();
        if (mine.Count == 0)
        {
            return null;
        }

        var day = (request.Serviced as Date)?.Value ?? clock.GetUtcNow().ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return new CoverageEligibilityResponse
        {
            Meta = new Meta { Profile = ["https://fhir.nspc.gov.kh/StructureDefinition/kh-eligibility-response"] },
            Status = FinancialResourceStatusCodes.Active,
            Purpose = [CoverageEligibilityResponse.EligibilityResponsePurpose.Validation],
            Patient = request.Patient!,
            Request = request.Id is { } requestId
                ? new ResourceReference("CoverageEligibilityRequest/" + requestId)
                : new ResourceReference { Identifier = request.Identifier.FirstOrDefault(), Display = "the eligibility request" },
            Serviced = new Date(day),
            Created = clock.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            Outcome = ClaimProcessingCodes.Complete,
            Insurer = new ResourceReference { Display = display },
            Insurance = mine.Select(e => new CoverageEligibilityResponse.InsuranceComponent
            {
                Coverage = new ResourceReference { Identifier = new Identifier(e.Card.System, e.Card.Value), Display = e.Scheme },
                Inforce = string.CompareOrdinal(e.From, day) <= 0 && (e.To is null || string.CompareOrdinal(day, e.To) <= 0),
                BenefitPeriod = new Period { Start = e.From, End = e.To },
            }).ToList(),
        };
    }

    public ClaimResponse Submit(Claim claim)
    {
        var key = claim.Id ?? claim.Identifier.FirstOrDefault()?.Value ?? Guid.NewGuid().ToString("N");

        // A resubmission of the same claim id is the same claim: it keeps its first submission time and is not paid twice.
        var submitted = _claims.AddOrUpdate(
            key,
            _ => new SubmittedClaim(claim, clock.GetUtcNow(), assessor.Assess(claim)),
            (_, existing) => existing with { Claim = claim, Assessment = assessor.Assess(claim) });
        return Response(submitted);
    }

    public IReadOnlyList<ClaimResponse> ResponsesFor(string system, string value) =>
        _claims.Values.Where(c => c.Claim.Identifier.Any(i => i.System == system && i.Value == value)).Select(Response).ToList();

    private ClaimResponse Response(SubmittedClaim submitted)
    {
        var age = clock.GetUtcNow() - submitted.At;
        var assessed = age >= options.AssessAfter;
        var paid = assessed && age >= options.PayAfter;
        var claim = submitted.Claim;
        var response = new ClaimResponse
        {
            Id = "cr-" + (claim.Id ?? "x"),
            Meta = new Meta { Profile = ["https://fhir.nspc.gov.kh/StructureDefinition/kh-claim-response"] },
            Status = FinancialResourceStatusCodes.Active,
            Type = claim.Type,
            Use = ClaimUseCode.Claim,
            Patient = claim.Patient,
            Created = clock.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            Insurer = new ResourceReference { Display = display },
            Request = new ResourceReference { Identifier = claim.Identifier.FirstOrDefault() },
            Outcome = assessed ? ClaimProcessingCodes.Complete : ClaimProcessingCodes.Queued,
            Disposition = paid ? "paid" : assessed ? "assessed" : "received",
        };
        if (assessed)
        {
            var total = submitted.Assessment.Sum(a => a.Amount);
            response.Item = submitted.Assessment.Select(a => new ClaimResponse.ItemComponent
            {
                ItemSequence = a.Sequence,
                Adjudication =
                [
                    new ClaimResponse.AdjudicationComponent
                    {
                        Category = new CodeableConcept("http://terminology.hl7.org/CodeSystem/adjudication", "benefit"),
                        Amount = new Money { Value = a.Amount, Currency = Money.Currencies.KHR },
                        Reason = a.Reason is null ? null : new CodeableConcept { Text = a.Reason },
                    },
                ],
            }).ToList();
            response.Total = [new ClaimResponse.TotalComponent { Category = new CodeableConcept("http://terminology.hl7.org/CodeSystem/adjudication", "benefit"), Amount = new Money { Value = total, Currency = Money.Currencies.KHR } }];
            if (paid)
            {
                response.Payment = new ClaimResponse.PaymentComponent
                {
                    Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/ex-paymenttype", "complete"),
                    Date = (submitted.At + options.PayAfter).ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    Amount = new Money { Value = total, Currency = Money.Currencies.KHR },
                };
            }
        }

        return response;
    }

    private sealed record SubmittedClaim(Claim Claim, DateTimeOffset At, IReadOnlyList<(int Sequence, decimal Amount, string? Reason)> Assessment);
}
