using System.Globalization;
using Interop.Adapters.Hspis.Tests.Support;

namespace Interop.Adapters.Hspis.Tests;

/// <summary>A month's batch: 5,000 claims, bad ones mixed in, each claim standing or falling alone.</summary>
[Collection(HspisCollection.Name)]
public sealed class ClaimBatchTests(HspisFixture fixture)
{
    private const int Seed = 20250301;

    /// <summary>How claims are spoiled, and the fault each spoiling must produce on that claim only.</summary>
    private static readonly (string Name, Func<string, string> Spoil, string Element, string Fault)[] Spoilers =
    [
        ("unknown case group", x => Swap(x, "<CaseGroup>CG", "<CaseGroup>CX"), "CaseGroup", "E203"),
        ("bad NSSF number", x => Swap(x, "<NssfId>12", "<NssfId>9"), "NssfId", "E202"),
        ("no admit date", x => RemoveElement(x, "AdmitDate"), "AdmitDate", "E201"),
        ("unknown visit type", x => Swap(x, "<VisitType>", "<VisitType>X"), "VisitType", "E203"),
        ("bad diagnosis", x => Swap(x, "<Diagnosis primary=\"true\">", "<Diagnosis primary=\"true\">?"), "Diagnosis[1]", "E202"),
        ("claimed amount not a number", x => Swap(x, "<ClaimedAmount currency=\"KHR\">", "<ClaimedAmount currency=\"KHR\">abc"), "ClaimedAmount", "E202"),
    ];

    [Fact]
    public void Batch_Of5000WithBadClaimsMixedIn_RefusesExactlyTheBadOnesAndMapsTheRest()
    {
        var generator = new MessageGenerator(Seed);
        var spoiled = new Dictionary<int, (string Element, string Fault)>();
        var body = generator.ClaimBatch(5000, (n, claim) =>
        {
            // Only KHR CASE claims are spoiled so each spoiling has exactly one consequence.
            if (n % 29 != 7 || !claim.Contains("<ClaimType>CASE", StringComparison.Ordinal) || claim.Contains("USD", StringComparison.Ordinal))
            {
                return claim;
            }

            var spoiler = Spoilers[spoiled.Count % Spoilers.Length];
            spoiled[n] = ($"Claim[{n}]/{spoiler.Element}", spoiler.Fault);
            return spoiler.Spoil(claim);
        });
        var request = Exchange.Request("claims", body);

        var mapping = Exchange.Map(fixture.Adapter, request);

        Assert.True(mapping.IsAccepted);
        Assert.Equal(5000, mapping.Items.Count);
        Assert.True(spoiled.Count > 100, $"only {spoiled.Count} claims spoiled");
        var refused = mapping.Items.Select((item, i) => (item, n: i + 1)).Where(x => !x.item.IsAccepted).ToDictionary(x => x.n, x => x.item.Errors);
        Assert.Equal(spoiled.Keys.Order(), refused.Keys.Order());
        Assert.Empty(Exchange.ValidationErrors(fixture.Validator, mapping));
        Assert.All(mapping.Items.Where(i => i.IsAccepted), i => Assert.Equal(["encounter-submit", "claim-submit"], i.Interactions.Select(x => x.Purpose)));

        var response = fixture.Adapter.MapResponse(Exchange.Answered(request, mapping, Exchange.Accepting));
        var xml = Exchange.Xml(response).Root!;
        Assert.Equal((5000 - spoiled.Count).ToString(CultureInfo.InvariantCulture), xml.Element(Exchange.Ns + "Accepted")!.Value);
        Assert.Equal(spoiled.Count.ToString(CultureInfo.InvariantCulture), xml.Element(Exchange.Ns + "Refused")!.Value);
        var results = xml.Elements(Exchange.Ns + "ClaimResult").ToList();
        Assert.Equal(5000, results.Count);
        foreach (var (n, (element, fault)) in spoiled)
        {
            var result = results[n - 1];
            Assert.Equal($"120101-C-2025-{n:D5}", (string)result.Attribute("claimNo")!);
            Assert.Equal("REFUSED", (string)result.Attribute("status")!);
            Assert.Equal([(fault, element)], result.Elements(Exchange.Ns + "Fault").Select(f => ((string)f.Attribute("code")!, (string)f.Attribute("element")!)));
        }
    }

    [Fact]
    public void Batch_OverTheLimit_IsRefusedAsAWhole()
    {
        var body = new MessageGenerator(Seed).ClaimBatch(5001);

        var response = Faults.Answer(fixture.Adapter, "claims", body);

        Assert.Equal(400, response.StatusCode);
        Assert.Equal([("E200", "Claim[5001]")], Faults.In(response));
    }

    [Fact]
    public void Batch_SameClaimNumberTwice_RefusesTheSecondOnly()
    {
        var generator = new MessageGenerator(Seed);
        var body = generator.ClaimBatch(3, (n, claim) => n == 3 ? claim.Replace("-00003<", "-00001<", StringComparison.Ordinal) : claim);

        var response = Faults.Answer(fixture.Adapter, "claims", body);

        Assert.Contains(("E204", "Claim[3]/ClaimNo"), Faults.In(response));
        Assert.DoesNotContain(Faults.In(response), f => f.Element.StartsWith("Claim[1]/", StringComparison.Ordinal));
    }

    private static string Swap(string claim, string from, string to)
    {
        Assert.Contains(from, claim, StringComparison.Ordinal);
        return claim.Replace(from, to, StringComparison.Ordinal);
    }

    private static string RemoveElement(string claim, string name)
    {
        var start = claim.IndexOf($"<{name}>", StringComparison.Ordinal);
        var end = claim.IndexOf($"</{name}>", StringComparison.Ordinal) + name.Length + 3;
        return claim.Remove(start, end - start);
    }
}
