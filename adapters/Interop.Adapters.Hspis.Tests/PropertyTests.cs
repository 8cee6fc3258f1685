using System.Text;
using Interop.Adapters.Hspis.Tests.Support;

namespace Interop.Adapters.Hspis.Tests;

/// <summary>Properties over random input from fixed seeds: valid messages map to valid FHIR; mutated ones never throw.</summary>
[Collection(HspisCollection.Name)]
public sealed class PropertyTests(HspisFixture fixture)
{
    [Fact]
    public void RandomValidMembers_MapToFhirThatValidates()
    {
        var generator = new MessageGenerator(1402);
        for (var n = 0; n < 300; n++)
        {
            var body = generator.Member(n);
            var mapping = Exchange.Map(fixture.Adapter, Exchange.Request("member", body));

            var item = Assert.Single(mapping.Items);
            Assert.True(item.IsAccepted, $"member {n}: {string.Join("; ", item.Errors.Select(e => $"{e.Path} {e.Reason}"))}\n{body}");
            Assert.Empty(Exchange.ValidationErrors(fixture.Validator, mapping));
        }
    }

    [Fact]
    public void RandomValidClaims_MapToFhirThatValidates()
    {
        var body = new MessageGenerator(77).ClaimBatch(400);

        var mapping = Exchange.Map(fixture.Adapter, Exchange.Request("claims", body));

        Assert.All(mapping.Items, i => Assert.True(i.IsAccepted, $"{i.Key}: {string.Join("; ", i.Errors.Select(e => $"{e.Path} {e.Reason}"))}"));
        Assert.Empty(Exchange.ValidationErrors(fixture.Validator, mapping));
    }

    [Fact]
    public void RandomlyMutatedMessages_NeverThrow()
    {
        var random = new Random(9421);
        var generator = new MessageGenerator(5);
        var corpus = Golden.Cases().Select(c => Golden.Read(c, "request.xml"))
            .Concat(Enumerable.Range(0, 20).Select(generator.Member))
            .Append(generator.ClaimBatch(5))
            .ToList();
        string[] operations = ["member", "eligibility", "claims", "claim-status"];

        for (var i = 0; i < 2000; i++)
        {
            var bytes = Mutate(Encoding.UTF8.GetBytes(corpus[random.Next(corpus.Count)]), random);
            var request = Exchange.Request(operations[random.Next(operations.Length)], bytes);

            var mapping = Exchange.Map(fixture.Adapter, request);
            var response = fixture.Adapter.MapResponse(Exchange.Answered(request, mapping, Exchange.Accepting));

            Assert.True(response.StatusCode is 200 or 400 or 413, $"mutation {i} answered {response.StatusCode}");
            Assert.Equal(Exchange.Ns, Exchange.Xml(response).Root!.Name.Namespace);
        }
    }

    private static byte[] Mutate(byte[] body, Random random)
    {
        var text = Encoding.UTF8.GetString(body);
        for (var m = 0; m <= random.Next(3); m++)
        {
            var at = random.Next(text.Length + 1);
            text = random.Next(8) switch
            {
                0 => text.Remove(at, Math.Min(random.Next(1, 40), text.Length - at)),
                1 => text.Insert(at, "<"),
                2 => text.Insert(at, "&amp;\u17E5\u200B"),
                3 => text[..at],
                4 => text.Insert(at, text.Substring(random.Next(text.Length / 2), Math.Min(random.Next(200), text.Length / 2))),
                5 => text.Replace(">1", ">\u17E1", StringComparison.Ordinal),
                6 => text.Replace("</Claim>", "</Claim><Claim><ClaimNo/></Claim>", StringComparison.Ordinal),
                _ => text.Insert(at, "<X a=\"1\"><Y/></X>"),
            };
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        if (random.Next(10) == 0 && bytes.Length > 0)
        {
            bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
        }

        return bytes;
    }
}
