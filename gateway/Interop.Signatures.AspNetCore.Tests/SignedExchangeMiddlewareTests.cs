using System.Net;
using System.Text;
using System.Text.Json;
using Interop.Signatures.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Interop.Signatures.AspNetCore.Tests;

/// <summary>The library in a host of its own, over real HTTP: what is verified, what is signed, what is refused by default.</summary>
public sealed class SignedExchangeMiddlewareTests
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task SignedRequest_OnANamedRoute_IsServed_AndTheAnswerIsSignedAndBoundToIt()
    {
        await using var service = await MemberService.StartAsync();
        using var client = service.CallerClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/echo") { Content = Json("""{"hello":"world"}""") };

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"hello":"world"}""", await response.Content.ReadAsStringAsync());
        var answer = SigningHandler.EvidenceOf(request).Single(e => e.Direction == "response");
        Assert.Equal(("valid", "test-service-key"), (answer.Verdict, answer.KeyId));
        Assert.Contains("\"signature\";key=\"sig1\";req", answer.SignatureInput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsigned_IsRefusedWith401_AsAProblemDocumentNamingTheReason()
    {
        await using var service = await MemberService.StartAsync();
        using var client = new HttpClient { BaseAddress = service.BaseAddress };

        using var response = await client.PostAsync("api/echo", Json("{}"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("signature-missing", problem.GetProperty("title").GetString());
        Assert.False(response.Headers.Contains("Signature"));
    }

    [Theory]
    [InlineData("sig1=(\"@method\";created=oops", "sig1=:not base64:", "signature-invalid")]
    [InlineData("sig1=(\"@method\");created=1;keyid=\"k\";tag=\"kh-interop\"", "sig1=:AAAA:", "not-allowed")]
    [InlineData("other=();tag=\"kh-interop\"", "other=:AAAA:", "signature-missing")]
    public async Task MalformedSignatureFields_AreRefusedWith401_NeverAServerError(string signatureInput, string signature, string reason)
    {
        await using var service = await MemberService.StartAsync();
        using var client = new HttpClient { BaseAddress = service.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/echo") { Content = Json("{}") };
        request.Headers.TryAddWithoutValidation("Signature-Input", signatureInput);
        request.Headers.TryAddWithoutValidation("Signature", signature);
        request.Headers.TryAddWithoutValidation("X-Member-Id", "<script>alert(1)</script>");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(reason, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString());
    }

    [Fact]
    public async Task EndpointWithoutARouteId_UnderASignedPath_IsRefusedAsNotAllowed_AndTheRefusalIsSigned()
    {
        await using var service = await MemberService.StartAsync();
        using var client = service.CallerClient(); // throws unless the refusal is signed and bound

        using var response = await client.GetAsync("api/unnamed");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("not-allowed", problem.GetProperty("title").GetString());
        Assert.Equal("This member is not allowed on this route.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task NoEndpoint_UnderASignedPath_IsTheHosts404_Signed()
    {
        await using var service = await MemberService.StartAsync();
        using var client = service.CallerClient();

        using var response = await client.GetAsync("api/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task PathOutsideTheSignedPaths_IsServedWithoutASignature()
    {
        await using var service = await MemberService.StartAsync();
        using var client = new HttpClient { BaseAddress = service.BaseAddress };

        using var response = await client.GetAsync("health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Signature"));
    }

    [Fact]
    public async Task ModeOff_NothingIsVerifiedOrSigned()
    {
        await using var service = await MemberService.StartAsync(mode: "Off");
        using var client = new HttpClient { BaseAddress = service.BaseAddress };

        using var response = await client.PostAsync("api/echo", Json("{}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Signature"));
    }

    [Fact]
    public async Task OutgoingClient_SignsAsTheMember_AndRefusesAnAnswerThatIsNotSigned()
    {
        await using var service = await MemberService.StartAsync();
        using var outgoing = service.Services.GetRequiredService<IHttpClientFactory>().CreateClient("outgoing");

        using var signed = await outgoing.PostAsync(new Uri(service.BaseAddress, "api/echo"), Json("{}")); // the service verifies its own member's signature
        var refused = await Assert.ThrowsAsync<SignatureVerificationException>(() => outgoing.GetAsync(new Uri(service.BaseAddress, "health")));

        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        Assert.Equal("signature-missing", refused.ReasonCode);
    }
}
