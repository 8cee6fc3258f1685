using Hl7.Fhir.Model;
using Interop.Adapters.Pmrs.Tests.Support;
using Interop.Contracts.Mapping;
using Task = System.Threading.Tasks.Task;

namespace Interop.Adapters.Pmrs.Tests.Visits;

/// <summary>An IPD visit submitted at admission, update and discharge is one Encounter, upserted; the claim goes once, at discharge.</summary>
[Collection(PmrsCollection.Name)]
public sealed class VisitSequenceTests(PmrsFixture fixture)
{
    private async Task<InboundMapping> Map(string @case) => await fixture.MapAsync(PmrsFixture.FromGolden(GoldenFiles.Read(@case, "request.json")));

    [Fact]
    public async Task IpdSequence_EverySubmission_UpsertsTheSameEncounterAndPatient()
    {
        var admission = await Map("visit-ipd-admission");
        var update = await Map("visit-ipd-update");
        var discharge = await Map("visit-ipd-discharge");
        var all = new[] { admission, update, discharge };

        var encounters = all.Select(m => m.Items[0].Interactions.Single(i => i.Purpose == "encounter-submit")).ToList();
        Assert.Single(encounters.Select(e => e.Url).Distinct());
        Assert.All(encounters, e => Assert.Equal(FhirVerb.Put, e.Verb));
        Assert.Single(all.Select(m => m.Items[0].Interactions[0].Resource!.Id).Distinct());
        Assert.Equal([false, false, true], all.Select(m => m.Items[0].Interactions.Any(i => i.Purpose == "claim-submit")));
        Assert.Equal(
            [Encounter.EncounterStatus.InProgress, Encounter.EncounterStatus.InProgress, Encounter.EncounterStatus.Finished],
            encounters.Select(e => ((Encounter)e.Resource!).Status));
    }

    [Fact]
    public async Task Submit_SameBodyTwice_HasTheSameIdempotencyKeyAndResources()
    {
        var first = await Map("visit-published-example-corrected");
        var second = await Map("visit-published-example-corrected");

        Assert.Equal(first.IdempotencyKey, second.IdempotencyKey);
        Assert.Equal(
            first.Items[0].Interactions.Select(i => i.Resource!.Id),
            second.Items[0].Interactions.Select(i => i.Resource!.Id));
    }

    [Fact]
    public async Task Submit_SameVisitAtAnotherStage_HasAnotherIdempotencyKey()
    {
        var update = await Map("visit-ipd-update");
        var discharge = await Map("visit-ipd-discharge");

        Assert.NotEqual(update.IdempotencyKey, discharge.IdempotencyKey);
        Assert.StartsWith("pmrs-visit|V120101-25-000300|update|", update.IdempotencyKey, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_NssfPaymentType_GoesToTheNssfAsAnNssfClaim()
    {
        var mapping = await Map("visit-nssf-paid");

        var claim = mapping.Items[0].Interactions.Single(i => i.Purpose == "claim-submit");
        Assert.Equal(("KH/GOV/NSSF/HSPIS", "https://fhir.nspc.gov.kh/StructureDefinition/kh-claim-nssf"), (claim.Operator, claim.Profile));
    }

    [Fact]
    public async Task Submit_FullPay_IsRecordedOnlyWithTheRegistry()
    {
        var mapping = await Map("visit-full-pay-recorded-only");

        var interaction = Assert.Single(mapping.Items[0].Interactions);
        Assert.Equal((Destination.Registry, "register"), (interaction.Destination, interaction.Purpose));
    }
}
