using Hl7.Fhir.Serialization;
using Interop.Adapters.Hspis.Tests.Support;
using Interop.Contracts.Mapping;

namespace Interop.Adapters.Hspis.Tests;

/// <summary>
/// Over the whole test corpus (every golden request and generated members and claims), what the adapter sends passes
/// the sharing policies untouched: registry-bound resources carry identity only, and operator-bound ones nothing the NSSF may not receive.
/// </summary>
[Collection(HspisCollection.Name)]
public sealed class SharingPolicyTests(HspisFixture fixture)
{
    private const string Registry = "KH/GOV/NSPC/REGISTRY";

    [Fact]
    public void RegistryBoundOutput_OverTheCorpus_PassesTheRegistryPolicyWithNothingRemoved()
    {
        var registryBound = Corpus().SelectMany(m => m.Items).SelectMany(i => i.Interactions).Where(i => i.Destination == Destination.Registry).ToList();

        Assert.True(registryBound.Count > 100);
        foreach (var interaction in registryBound.Where(i => i.Resource is not null))
        {
            var decision = fixture.Policies.Apply(interaction.Resource!, Exchange.Sender, Registry, interaction.PolicyInteraction);

            Assert.Equal("registry-identity", decision.PolicyId);
            Assert.Empty(decision.RemovedPaths);
        }
    }

    [Fact]
    public void OperatorBoundOutput_OverTheCorpus_PassesTheNssfPolicyWithNothingRemoved()
    {
        var operatorBound = Corpus().SelectMany(m => m.Items).SelectMany(i => i.Interactions).Where(i => i.Destination == Destination.Operator && i.Resource is not null).ToList();

        Assert.True(operatorBound.Count > 100);
        foreach (var interaction in operatorBound)
        {
            var decision = fixture.Policies.Apply(interaction.Resource!, Exchange.Sender, interaction.Operator!, interaction.PolicyInteraction);

            Assert.Equal("nssf-health-insurance", decision.PolicyId);
            Assert.Empty(decision.RemovedPaths);
        }
    }

    [Fact]
    public void RegisteredPatient_CarriesNoProgramData()
    {
        var mapping = Exchange.Map(fixture.Adapter, Exchange.Request("member", Golden.Read("member-published", "request.xml")));
        var json = Golden.Describe(mapping);
        var register = mapping.Items[0].Interactions.Single(i => i.Purpose == "register");
        var patientJson = System.Text.Json.JsonSerializer.Serialize(register.Resource, new System.Text.Json.JsonSerializerOptions().ForFhir());

        Assert.Contains("monthly-wage", json, StringComparison.Ordinal);
        Assert.DoesNotContain("E0012345", patientJson, StringComparison.Ordinal);
        Assert.DoesNotContain("monthly-wage", patientJson, StringComparison.Ordinal);
        Assert.DoesNotContain("EMP", patientJson, StringComparison.Ordinal);
    }

    private IEnumerable<InboundMapping> Corpus()
    {
        foreach (var @case in Golden.Cases())
        {
            var body = Golden.Read(@case, "request.xml");
            foreach (var operation in new[] { "member", "eligibility", "claims", "claim-status" })
            {
                yield return Exchange.Map(fixture.Adapter, Exchange.Request(operation, body));
            }
        }

        var generator = new MessageGenerator(31);
        for (var n = 0; n < 200; n++)
        {
            yield return Exchange.Map(fixture.Adapter, Exchange.Request("member", generator.Member(n)));
        }

        yield return Exchange.Map(fixture.Adapter, Exchange.Request("claims", generator.ClaimBatch(100)));
    }
}
