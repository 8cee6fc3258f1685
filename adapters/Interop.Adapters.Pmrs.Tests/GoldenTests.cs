using Interop.Adapters.Pmrs.Tests.Support;
using Interop.Contracts.Mapping;

namespace Interop.Adapters.Pmrs.Tests;

/// <summary>
/// Every case under <c>Golden/</c>: the request maps to exactly the FHIR of <c>expected.fhir.json</c>, which validates
/// against its profiles with zero errors and passes the sharing policies with nothing removed; the answers of
/// <c>answers.json</c> (none for a refused request) become exactly <c>expected.response.json</c>.
/// </summary>
[Collection(PmrsCollection.Name)]
public sealed class GoldenTests(PmrsFixture fixture)
{
    public static TheoryData<string> Cases() => [.. GoldenFiles.Cases()];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Golden_Request_MapsToTheExpectedFhirAndAnswer(string @case)
    {
        var request = PmrsFixture.FromGolden(GoldenFiles.Read(@case, "request.json"));

        var mapping = await fixture.MapAsync(request);

        GoldenFiles.Verify(@case, "expected.fhir.json", MappingJson.Mapping(mapping));
        var interactions = mapping.Items.SelectMany(i => i.Interactions).ToList();
        Assert.Empty(interactions.SelectMany(fixture.ValidationErrors));
        Assert.Empty(interactions.SelectMany(fixture.RemovedByPolicy));

        var answers = GoldenFiles.Exists(@case, "answers.json") ? MappingJson.Answers(GoldenFiles.Read(@case, "answers.json")) : [];
        var response = fixture.Adapter.MapResponse(new FhirExchange
        {
            Request = request,
            Mapping = mapping,
            Outcomes = [.. mapping.Items.Select(item => new ItemOutcome { Item = item, Answers = item.IsAccepted ? answers : [] })],
        });
        GoldenFiles.Verify(@case, "expected.response.json", MappingJson.Response(response));
    }
}
