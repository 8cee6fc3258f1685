using Hl7.Fhir.Model;
using Interop.Adapters.Hspis.Tests.Support;
using Interop.Contracts.Mapping;

namespace Interop.Adapters.Hspis.Tests;

/// <summary>Answers that went wrong upstream, and the details of time and money an H-SPIS client reads.</summary>
[Collection(HspisCollection.Name)]
public sealed class AnswerTests(HspisFixture fixture)
{
    [Theory]
    [InlineData(0, "E500")]
    [InlineData(503, "E500")]
    [InlineData(504, "E501")]
    [InlineData(422, "E502")]
    public void Member_RegistryFailing_AnswersTheUpstreamFaultInResult(int status, string fault)
    {
        var xml = Answer("member-published", "member", item => [new FhirAnswer("register", status, new OperationOutcome())]);

        Assert.Equal(fault, (string)xml.Element(Exchange.Ns + "Result")!.Attribute("code")!);
        Assert.Equal("1200456789", xml.Element(Exchange.Ns + "NssfId")!.Value);
    }

    [Fact]
    public void Eligibility_NssfDownButHefAnswering_ListsTheSchemeThatAnswered()
    {
        var answers = Golden.Answers("eligibility-nssf-and-hef").Answers;
        var xml = Answer("eligibility-nssf-and-hef", "eligibility", item =>
            [.. answers(item).Select(a => a.Purpose == "eligibility" ? new FhirAnswer("eligibility", 503, null) : a)]);

        Assert.Equal("0", (string)xml.Element(Exchange.Ns + "Result")!.Attribute("code")!);
        Assert.Equal(["HEF"], xml.Elements(Exchange.Ns + "Scheme").Select(s => (string)s.Attribute("code")!));
    }

    [Fact]
    public void Eligibility_NoOperatorAnswering_IsE500()
    {
        var xml = Answer("eligibility-nssf-only", "eligibility", item =>
            [new FhirAnswer("pix-query", 200, new Parameters { { "targetIdentifier", new Identifier("https://fhir.nspc.gov.kh/sid/spid", "402187360512") } }), new FhirAnswer("eligibility", 0, null)]);

        Assert.Equal("E500", (string)xml.Element(Exchange.Ns + "Result")!.Attribute("code")!);
        Assert.Equal("false", xml.Element(Exchange.Ns + "Eligible")!.Value);
    }

    [Fact]
    public void ClaimBatch_ClaimRefusedByTheNssf_IsRefusedWithTheNssfReason()
    {
        var xml = Answer("claims-published", "claims", item =>
            [new FhirAnswer("encounter-submit", 200, null), new FhirAnswer("claim-submit", 200, new ClaimResponse { Outcome = ClaimProcessingCodes.Error, Disposition = "Member not covered on the admission date." })]);

        var result = xml.Element(Exchange.Ns + "ClaimResult")!;
        Assert.Equal("REFUSED", (string)result.Attribute("status")!);
        Assert.Equal("E200", (string)result.Element(Exchange.Ns + "Fault")!.Attribute("code")!);
        Assert.Equal("Member not covered on the admission date.", result.Element(Exchange.Ns + "Fault")!.Value);
    }

    [Fact]
    public void ClaimStatus_UnknownClaim_IsE200()
    {
        var xml = Answer("claim-status-assessed", "claim-status", item => [new FhirAnswer("claim-status", 200, new Bundle { Type = Bundle.BundleType.Searchset })]);

        Assert.Equal("E200", (string)xml.Element(Exchange.Ns + "Result")!.Attribute("code")!);
    }

    [Fact]
    public void Claim_SentAtInCambodiaTime_IsCreatedWithPlus0700()
    {
        var mapping = Exchange.Map(fixture.Adapter, Exchange.Request("claims", Golden.Read("claims-published", "request.xml")));

        var claim = (Claim)mapping.Items[0].Interactions.Single(i => i.Purpose == "claim-submit").Resource!;
        Assert.Equal("2025-03-01T08:00:00+07:00", claim.Created);
        Assert.Equal("b-2025-02-0007", mapping.IdempotencyKey);
    }

    [Fact]
    public void Answer_Header_CarriesTheRequestMessageIdAndTheReceiptTimeInCambodiaTime()
    {
        var xml = Answer("claims-published", "claims", Exchange.Accepting);

        var header = xml.Element(Exchange.Ns + "Header")!;
        Assert.Equal("b-2025-02-0007", header.Element(Exchange.Ns + "MessageId")!.Value);
        Assert.Equal("20250301080005", header.Element(Exchange.Ns + "SentAt")!.Value);
    }

    [Fact]
    public void ClaimBatch_ElementsTheInterfaceDoesNotDefine_AreListedUnmappedByPathOnce()
    {
        var body = new MessageGenerator(3).ClaimBatch(4, (n, claim) => claim.Replace("</Claim>", "<Ward>B" + n + "</Ward></Claim>", StringComparison.Ordinal));

        var mapping = Exchange.Map(fixture.Adapter, Exchange.Request("claims", body));

        Assert.Equal(["Claim/Ward", "Header/SenderCode", "Period"], mapping.UnmappedFields);
        Assert.All(mapping.Items, i => Assert.True(i.IsAccepted));
    }

    private System.Xml.Linq.XElement Answer(string @case, string operation, Func<MappedItem, IReadOnlyList<FhirAnswer>> answers)
    {
        var request = Exchange.Request(operation, Golden.Read(@case, "request.xml"));
        var mapping = Exchange.Map(fixture.Adapter, request);
        return Exchange.Xml(fixture.Adapter.MapResponse(Exchange.Answered(request, mapping, answers))).Root!;
    }
}
