using System.Text;
using Interop.Adapters.Hspis.Tests.Support;

namespace Interop.Adapters.Hspis.Tests;

/// <summary>Input meant to hurt: each is a message-level fault, never an exception, never an entity expanded.</summary>
[Collection(HspisCollection.Name)]
public sealed class HostileInputTests(HspisFixture fixture)
{
    [Theory]
    [InlineData("")]
    [InlineData("not xml at all")]
    [InlineData("<MemberRequest xmlns=\"urn:kh:nssf:hspis:2016\"><Header>")]
    [InlineData("{\"Member\": {\"NssfId\": \"1200456789\"}}")]
    [InlineData("<MemberRequest xmlns=\"urn:kh:nssf:hspis:2016\"/><MemberRequest xmlns=\"urn:kh:nssf:hspis:2016\"/>")]
    public void NotWellFormed_IsFaultE100(string body)
    {
        var response = Faults.Answer(fixture.Adapter, "member", body);

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("E100", Faults.In(response).Single().Code);
    }

    [Fact]
    public void BillionLaughs_IsRefusedWithoutExpandingAnything()
    {
        var body = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;"><!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"><!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"><!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
            <MemberRequest xmlns="urn:kh:nssf:hspis:2016"><Header><SenderCode>&lol9;</SenderCode></Header></MemberRequest>
            """;

        var response = Faults.Answer(fixture.Adapter, "member", body);

        Assert.Equal(400, response.StatusCode);
        Assert.Equal(("E100", ""), Faults.In(response).Single());
        Assert.True(response.Body.Length < 1000);
    }

    [Fact]
    public void ExternalEntity_IsRefusedWithoutReadingTheFile()
    {
        var body = """
            <?xml version="1.0"?>
            <!DOCTYPE m [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <MemberRequest xmlns="urn:kh:nssf:hspis:2016"><Header><SenderCode>&xxe;</SenderCode></Header></MemberRequest>
            """;

        var response = Faults.Answer(fixture.Adapter, "member", body);

        Assert.Equal("E100", Faults.In(response).Single().Code);
        Assert.DoesNotContain("root:", Encoding.UTF8.GetString(response.Body.Span), StringComparison.Ordinal);
    }

    [Fact]
    public void FiftyMegabyteBody_IsFaultE104()
    {
        var body = new byte[50 * 1024 * 1024];
        Encoding.ASCII.GetBytes("<ClaimBatch xmlns=\"urn:kh:nssf:hspis:2016\">").CopyTo(body, 0);
        body.AsSpan(60).Fill((byte)' ');

        var response = Faults.Answer(fixture.Adapter, "claims", Encoding.ASCII.GetString(body));

        Assert.Equal(413, response.StatusCode);
        Assert.Equal("E104", Faults.In(response).Single().Code);
    }

    [Fact]
    public void DeeplyNestedDocument_IsFaultE106()
    {
        var body = "<MemberRequest xmlns=\"urn:kh:nssf:hspis:2016\">" + string.Concat(Enumerable.Repeat("<a>", 100_000)) + string.Concat(Enumerable.Repeat("</a>", 100_000)) + "</MemberRequest>";

        var response = Faults.Answer(fixture.Adapter, "claims", body);

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("E106", Faults.In(response).Single().Code);
    }

    [Fact]
    public void BytesThatAreNotUtf8_AreFaultE100()
    {
        var request = Exchange.Request("member", [0x3C, 0x61, 0x3E, 0xFF, 0xFE, 0xC3, 0x28, 0x3C, 0x2F, 0x61, 0x3E]);
        var mapping = Exchange.Map(fixture.Adapter, request);

        var response = fixture.Adapter.MapResponse(Exchange.Answered(request, mapping, _ => []));

        Assert.Equal("E100", Faults.In(response).Single().Code);
    }
}
