using System.Text;
using Interop.Adapters.Pmrs.Tests.Support;
using Interop.Contracts.Mapping;

namespace Interop.Adapters.Pmrs.Tests.Properties;

/// <summary>
/// Over the whole corpus (every golden and 300 random valid visits) the registry receives identity only: the
/// registry-identity policy covers every registry-bound interaction and removes nothing. And the query routes,
/// fed random parameters, never throw.
/// </summary>
[Collection(PmrsCollection.Name)]
public sealed class CorpusPolicyTests(PmrsFixture fixture)
{
    [Fact]
    public async Task RegistryBoundOutput_OfTheWholeCorpus_IsInsideTheRegistryPolicy()
    {
        var requests = GoldenFiles.Cases().Select(c => PmrsFixture.FromGolden(GoldenFiles.Read(c, "request.json"))).ToList();
        var visits = new RandomVisits(seed: 4242);
        for (var i = 0; i < 300; i++)
        {
            var visit = visits.Next();
            requests.Add(PmrsFixture.Visit(visit.ToJsonString()) with
            {
                Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["X-Facility-Code"] = visit["visit"]!["health_facility_code"]!.GetValue<string>() },
            });
        }

        var registryBound = 0;
        foreach (var request in requests)
        {
            var mapping = await fixture.MapAsync(request);
            foreach (var interaction in mapping.Items.SelectMany(i => i.Interactions).Where(i => i.Destination == Destination.Registry && i.Resource is not null))
            {
                var decision = fixture.Policies.Apply(interaction.Resource!, PmrsFixture.Sender, PmrsFixture.Registry, interaction.PolicyInteraction);
                Assert.Equal("registry-identity", decision.PolicyId);
                Assert.Empty(decision.RemovedPaths);
                registryBound++;
            }
        }

        Assert.True(registryBound > 300, $"only {registryBound} registry-bound resources in the corpus");
    }

    [Fact]
    public async Task RandomQueriesAndForms_NeverThrow()
    {
        var random = new Random(3);
        string[] names = ["type", "per_page", "page", "query", "card_type", "card_number", "spid", "x"];
        string[] values = ["", "0", "-1", "99999999999999999999", "payment_types", "CARD-HEF", "CARD-NID", "០១០២០៣០៤០", "12010203-00042", "402187360512", "\u200B", "%", "=&", "V120101-25-000193"];
        string[] operations = ["beneficiary-search", "standard-data", "visit-status", "token", "unknown"];
        for (var i = 0; i < 1500; i++)
        {
            var query = Enumerable.Range(0, random.Next(0, 4))
                .Select(_ => names[random.Next(names.Length)])
                .Distinct()
                .ToDictionary(n => n, n => (IReadOnlyList<string>)[values[random.Next(values.Length)]]);
            var operation = operations[random.Next(operations.Length)];
            var request = operation == "token"
                ? PmrsFixture.Form(string.Join("&", query.Select(p => p.Key + "=" + p.Value[0])))
                : PmrsFixture.Get(operation, "/", query, new Dictionary<string, string> { ["visit_code"] = values[random.Next(values.Length)] });

            var mapping = await fixture.MapAsync(request);
            var response = fixture.Adapter.MapResponse(new FhirExchange
            {
                Request = request,
                Mapping = mapping,
                Outcomes = [.. mapping.Items.Select(item => new ItemOutcome { Item = item, Answers = [new FhirAnswer("pix-query", random.Next(2) == 0 ? 404 : 0, null)] })],
            });

            Assert.InRange(response.StatusCode, 200, 599);
            Assert.NotEmpty(Encoding.UTF8.GetString(response.Body.Span));
        }
    }
}
