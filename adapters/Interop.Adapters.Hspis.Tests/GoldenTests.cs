using System.Xml.Linq;
using Interop.Adapters.Hspis.Tests.Support;
using Interop.Contracts.Mapping;

namespace Interop.Adapters.Hspis.Tests;

/// <summary>
/// Every case of <c>Golden/</c> in both directions: <c>request.xml</c> → <c>expected.fhir.json</c> (the interactions,
/// each resource valid against its profile), and with <c>answers.json</c> → <c>expected.response.xml</c>.
/// </summary>
[Collection(HspisCollection.Name)]
public sealed class GoldenTests(HspisFixture fixture)
{
    public static TheoryData<string> Cases() => [.. Golden.Cases()];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Request_MapsToTheReviewedFhirInteractions(string @case)
    {
        var (request, mapping) = MapCase(@case);

        Golden.Check(@case, "expected.fhir.json", Golden.Describe(mapping));
        Assert.Empty(Exchange.ValidationErrors(fixture.Validator, mapping));
        Assert.Equal(mapping.Items.Count, mapping.Items.Select(i => i.Key).Distinct().Count());
        _ = request;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Answers_MapToTheReviewedLegacyResponse(string @case)
    {
        var (receivedAt, answers) = Golden.Exists(@case, "answers.json") ? Golden.Answers(@case) : (null, _ => []);
        var (request, mapping) = MapCase(@case, receivedAt);

        var response = fixture.Adapter.MapResponse(Exchange.Answered(request, mapping, answers));

        Golden.Check(@case, "expected.response.xml", Golden.ResponseText(response));
        var root = Exchange.Xml(response).Root!;
        Assert.Equal(Exchange.Ns, root.Name.Namespace);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Request_MappedTwice_GivesIdenticalResources(string @case)
    {
        var first = Golden.Describe(MapCase(@case).Mapping);
        var second = Golden.Describe(MapCase(@case).Mapping);

        Assert.Equal(first, second);
    }

    private (LegacyRequest Request, InboundMapping Mapping) MapCase(string @case, DateTimeOffset? receivedAt = null)
    {
        var body = Golden.Read(@case, "request.xml");
        var operation = Exchange.OperationOf(RootName(body));
        var request = Exchange.Request(operation, body, receivedAt);
        return (request, Exchange.Map(fixture.Adapter, request));
    }

    private static string RootName(string body)
    {
        try
        {
            return XDocument.Parse(body).Root!.Name.LocalName;
        }
        catch (System.Xml.XmlException)
        {
            return "MemberRequest";
        }
    }
}
