using Interop.Signatures.Components;
using Interop.Signatures.Messages;
using Interop.Signatures.Signing;

namespace Interop.Signatures.Tests.Components;

/// <summary>Derived components and field parameters not exercised by the RFC's signed examples (RFC 9421 §2.1–2.2 snippets).</summary>
public sealed class ComponentValueTests
{
    private static readonly HttpMessage Request = HttpMessage.Request(
        "POST",
        "https",
        "www.example.com",
        "/path",
        "param=value&foo=bar&baz=bat%2Dman",
        new HttpFields()
            .Add("Host", "www.example.com")
            .Add("X-OWS-Header", "   Leading and trailing whitespace.   ")
            .Add("X-Obs-Fold-Header", "Obsolete line folding.")
            .Add("Cache-Control", "max-age=60")
            .Add("Cache-Control", "   must-revalidate")
            .Add("Example-Dict", " a=1,    b=2;x=1;y=2,   c=(a   b   c)")
            .Add("Example-Header", "value, with, lots")
            .Add("Example-Header", "of, commas"));

    [Theory]
    [InlineData("\"@method\"", "POST")]
    [InlineData("\"@target-uri\"", "https://www.example.com/path?param=value&foo=bar&baz=bat%2Dman")]
    [InlineData("\"@authority\"", "www.example.com")]
    [InlineData("\"@scheme\"", "https")]
    [InlineData("\"@request-target\"", "/path?param=value&foo=bar&baz=bat%2Dman")]
    [InlineData("\"@path\"", "/path")]
    [InlineData("\"@query\"", "?param=value&foo=bar&baz=bat%2Dman")]
    [InlineData("\"@query-param\";name=\"baz\"", "bat-man")]
    [InlineData("\"x-ows-header\"", "Leading and trailing whitespace.")]
    [InlineData("\"cache-control\"", "max-age=60, must-revalidate")]
    [InlineData("\"example-dict\";key=\"a\"", "1")]
    [InlineData("\"example-dict\";key=\"b\"", "2;x=1;y=2")]
    [InlineData("\"example-dict\";key=\"c\"", "(a b c)")]
    [InlineData("\"example-header\";bs", ":dmFsdWUsIHdpdGgsIGxvdHM=:, :b2YsIGNvbW1hcw==:")]
    public void ComponentValue_RfcSection2Example_IsAsPrinted(string identifier, string expected) =>
        Assert.Equal($"{identifier}: {expected}", BaseLine(Request, identifier));

    [Fact]
    public void Request_FromUri_LowercasesTheHostAndKeepsTheQuery()
    {
        var request = HttpMessage.Request("GET", new Uri("https://WWW.Example.com:8443/a%20b?x=1&y"), new HttpFields());

        Assert.Equal("\"@target-uri\": https://www.example.com:8443/a%20b?x=1&y", BaseLine(request, "\"@target-uri\""));
        Assert.Equal("\"@authority\": www.example.com:8443", BaseLine(request, "\"@authority\""));
    }

    [Fact]
    public void QueryParam_EncodedNamesAndValues_AreReEncodedAsRfc9421Section228Prints()
    {
        var request = HttpMessage.Request(
            "GET", "https", "example.com", "/parameters", "var=this%20is%20a%20big%0Avalue&bar=with+plus+whitespace&fa%C3%A7ade%22%3A%20=something", new HttpFields());

        Assert.Equal("\"@query-param\";name=\"var\": this%20is%20a%20big%0Avalue", BaseLine(request, "\"@query-param\";name=\"var\""));
        Assert.Equal("\"@query-param\";name=\"bar\": with%20plus%20whitespace", BaseLine(request, "\"@query-param\";name=\"bar\""));
        Assert.Equal("\"@query-param\";name=\"fa%C3%A7ade%22%3A%20\": something", BaseLine(request, "\"@query-param\";name=\"fa%C3%A7ade%22%3A%20\""));
        Assert.Equal(ComponentIdentifier.QueryParam("façade\": "), ComponentIdentifier.Parse("\"@query-param\";name=\"fa%C3%A7ade%22%3A%20\"").Value);
    }

    [Fact]
    public void QueryParam_NonAsciiLiteralAndPlus_AreDecodedThenPercentEncoded()
    {
        var request = HttpMessage.Request("GET", "https", "example.com", "/", "name=\u1780\ud83d\ude00+x%2b", new HttpFields());

        Assert.Equal("\"@query-param\";name=\"name\": %E1%9E%80%F0%9F%98%80%20x%2B", BaseLine(request, "\"@query-param\";name=\"name\""));
    }

    [Fact]
    public void SfParameter_DictionaryField_IsReserializedCanonically() =>
        Assert.Equal(
            "\"content-digest\";sf: sha-256=:AAAA:, sha-512=:AAAA:",
            BaseLine(HttpMessage.Response(200, new HttpFields().Add("Content-Digest", "sha-256=:AAAA:,   sha-512=:AAAA:")), "\"content-digest\";sf"));

    [Fact]
    public void TrParameter_TrailerField_IsTakenFromTheTrailers()
    {
        var response = HttpMessage.Response(200, new HttpFields()) with { Trailers = new HttpFields().Add("Expires", "Wed, 9 Nov 2022 07:28:00 GMT") };

        Assert.Equal("\"expires\";tr: Wed, 9 Nov 2022 07:28:00 GMT", BaseLine(response, "\"expires\";tr"));
    }

    [Fact]
    public void Status_OnAResponse_IsThreeDigits() =>
        Assert.Equal("\"@status\": 204", BaseLine(HttpMessage.Response(204, new HttpFields()), "\"@status\""));

    [Theory]
    [InlineData("\"@status\"", "responses only")]
    [InlineData("\"x-absent\"", "absent")]
    [InlineData("\"@query-param\";name=\"missing\"", "no parameter")]
    [InlineData("\"@unknown\"", "unknown derived component")]
    [InlineData("\"@method\";req", "related request")]
    [InlineData("\"example-dict\";key=\"zz\"", "no member")]
    [InlineData("\"example-header\";bs;sf", "bs cannot be combined")]
    [InlineData("\"x-ows-header\";sf", "not known")]
    [InlineData("\"@signature-params\"", "cannot be listed")]
    public void SignatureBase_ComponentThatCannotBeComputed_ReturnsAnErrorSayingWhy(string identifier, string reason)
    {
        var result = SignatureBase.Create(Request, SignatureParameters.Create([ComponentIdentifier.Parse(identifier).Value!]));

        Assert.False(result.IsSuccess);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void SignatureBase_ComponentCoveredTwice_IsRefused()
    {
        var result = SignatureBase.Create(Request, SignatureParameters.Create([ComponentIdentifier.Method, ComponentIdentifier.Method]));

        Assert.False(result.IsSuccess);
        Assert.Contains("twice", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void SignatureBase_RepeatedQueryParameter_IsRefused()
    {
        var request = HttpMessage.Request("GET", "https", "example.com", "/", "a=1&a=2", new HttpFields());

        var result = SignatureBase.Create(request, SignatureParameters.Create([ComponentIdentifier.QueryParam("a")]));

        Assert.False(result.IsSuccess);
        Assert.Contains("more than once", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ComponentIdentifier_BareAndSerializedForms_AreEqual() =>
        Assert.Equal(ComponentIdentifier.Parse("content-type").Value, ComponentIdentifier.Parse("\"content-type\"").Value);

    private static string BaseLine(HttpMessage message, string identifier)
    {
        var component = ComponentIdentifier.Parse(identifier);
        Assert.True(component.IsSuccess, component.Error?.ToString());
        var result = SignatureBase.Create(message, SignatureParameters.Create([component.Value]));
        Assert.True(result.IsSuccess, result.Error);
        return result.Value.Split('\n')[0];
    }
}
