using System.Text;
using System.Text.Json.Nodes;
using Interop.Adapters.Pmrs.Tests.Support;
using Interop.Contracts.Mapping;

namespace Interop.Adapters.Pmrs.Tests.Properties;

/// <summary>
/// Properties over many inputs, from fixed seeds so a failure replays: random valid visits always map to FHIR that
/// validates and that the registry policy passes untouched; random corruptions of the goldens never make the adapter throw.
/// </summary>
[Collection(PmrsCollection.Name)]
public sealed class PropertyTests(PmrsFixture fixture)
{
    private static readonly string[] Visits = [.. GoldenFiles.Cases().Where(c => c.StartsWith("visit-", StringComparison.Ordinal))];

    [Fact]
    public async Task RandomValidVisits_AlwaysMapToValidFhirWithIdentityOnlyForTheRegistry()
    {
        var visits = new RandomVisits(seed: 20250214);
        for (var i = 0; i < 600; i++)
        {
            var visit = visits.Next();
            var body = visit.ToJsonString();
            var facility = visit["visit"]!["health_facility_code"]!.GetValue<string>();

            var mapping = await fixture.MapAsync(PmrsFixture.Visit(body) with
            {
                Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["X-Facility-Code"] = facility },
            });

            var item = Assert.Single(mapping.Items);
            Assert.True(item.IsAccepted, $"visit {i} refused: {string.Join("; ", item.Errors.Select(e => $"{e.Path} {e.Code} {e.Reason}"))}\n{body}");
            Assert.Empty(item.Interactions.SelectMany(fixture.ValidationErrors));
            Assert.Empty(item.Interactions.Where(x => x.Destination == Destination.Registry).SelectMany(fixture.RemovedByPolicy));
        }
    }

    [Fact]
    public async Task RandomStructuralMutationsOfTheGoldens_NeverThrow()
    {
        var random = new Random(7);
        var bodies = Visits.Select(c => GoldenFiles.Read(c, "request.json")).Where(b => b.TrimEnd().EndsWith('}')).Select(b => JsonNode.Parse(b)!).ToList();
        JsonNode?[] replacements = [null, 0, -1, 1.5, "", "០១២", "\u200B", true, new JsonArray(), new JsonObject(), "9999-99-99 99:99:99", 1e30];
        for (var i = 0; i < 1500; i++)
        {
            var body = bodies[random.Next(bodies.Count)].DeepClone();
            for (var m = random.Next(1, 4); m > 0; m--)
            {
                var nodes = Descendants(body).ToList();
                var target = nodes[random.Next(nodes.Count)];
                var replacement = replacements[random.Next(replacements.Length)]?.DeepClone();
                Replace(target, replacement);
            }

            await MapAndAnswer(Encoding.UTF8.GetBytes(body.ToJsonString()));
        }
    }

    [Fact]
    public async Task RandomByteCorruptionsOfTheGoldens_NeverThrow()
    {
        var random = new Random(11);
        var bodies = Visits.Select(c => Encoding.UTF8.GetBytes(GoldenFiles.Read(c, "request.json"))).ToList();
        for (var i = 0; i < 1500; i++)
        {
            var body = bodies[random.Next(bodies.Count)].ToArray();
            for (var m = random.Next(1, 8); m > 0; m--)
            {
                body[random.Next(body.Length)] = (byte)random.Next(256);
            }

            await MapAndAnswer(random.Next(10) == 0 ? body[..random.Next(body.Length)] : body);
        }
    }

    private async Task MapAndAnswer(byte[] body)
    {
        var request = PmrsFixture.Visit(body);
        var mapping = await fixture.MapAsync(request);
        Assert.True(!mapping.IsAccepted || mapping.Items.Count == 1);
        var response = fixture.Adapter.MapResponse(new FhirExchange
        {
            Request = request,
            Mapping = mapping,
            Outcomes = [.. mapping.Items.Select(item => new ItemOutcome { Item = item })],
        });
        Assert.InRange(response.StatusCode, 200, 599);
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        foreach (var child in node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        })
        {
            if (child is not null)
            {
                yield return child;
                foreach (var grandChild in Descendants(child))
                {
                    yield return grandChild;
                }
            }
        }
    }

    private static void Replace(JsonNode target, JsonNode? replacement)
    {
        switch (target.Parent)
        {
            case JsonObject parent:
                parent[target.GetPropertyName()] = replacement;
                break;
            case JsonArray parent:
                parent[target.GetElementIndex()] = replacement;
                break;
        }
    }
}
