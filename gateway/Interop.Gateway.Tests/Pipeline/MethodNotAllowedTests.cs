using System.Net;
using System.Text.Json;
using Task = System.Threading.Tasks.Task;

namespace Interop.Gateway.Tests.Pipeline;

/// <summary>A method a legacy path does not take, or a path under a legacy folder that is no operation, is answered in that system's own format, as its old server would.</summary>
public sealed class MethodNotAllowedTests
{
    [Theory]
    [InlineData("GET", "/hspis/ws/member")]
    [InlineData("PUT", "/hspis/ws/claims")]
    [InlineData("DELETE", "/hspis/ws/claim-status")]
    public async Task HspisPath_OtherMethod_IsAnE107FaultWithAllow(string method, string path)
    {
        using var gateway = new GatewayFixture();
        using var client = gateway.Factory.CreateClient();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        Assert.Contains("<Fault xmlns=\"urn:kh:nssf:hspis:2016\" code=\"E107\"", body, StringComparison.Ordinal);
        Assert.Contains("Use POST on this path.", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DELETE", "/api/v1/external/visits", "POST")]
    [InlineData("POST", "/api/v1/external/visits/V120101-25-000193/status", "GET")]
    [InlineData("GET", "/oauth/token", "POST")]
    public async Task PmrsPath_OtherMethod_IsThePmrsEnvelopeWith405(string method, string path, string allowed)
    {
        using var gateway = new GatewayFixture();
        using var client = gateway.Factory.CreateClient();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        using var envelope = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal([allowed], response.Content.Headers.Allow);
        Assert.False(envelope.RootElement.GetProperty("success").GetBoolean());
        Assert.Equal(405, envelope.RootElement.GetProperty("http_code").GetInt32());
        Assert.Equal($"Use {allowed} on this path.", envelope.RootElement.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("POST", "/hspis/ws/members")]
    [InlineData("GET", "/hspis/ws/member/extra")]
    public async Task HspisFolder_UnknownPath_IsAnE108Fault(string method, string path)
    {
        using var gateway = new GatewayFixture();
        using var client = gateway.Factory.CreateClient();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("<Member/>") });
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("<Fault xmlns=\"urn:kh:nssf:hspis:2016\" code=\"E108\"", body, StringComparison.Ordinal);
        Assert.Contains("not an operation of this interface", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POST", "/api/v1/external/visit")]
    [InlineData("GET", "/api/v1/external/visits/V120101-25-000193/status/history")]
    [InlineData("POST", "/oauth/authorize")]
    public async Task PmrsFolder_UnknownPath_IsThePmrsEnvelopeWith404(string method, string path)
    {
        using var gateway = new GatewayFixture();
        using var client = gateway.Factory.CreateClient();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        using var envelope = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(envelope.RootElement.GetProperty("success").GetBoolean());
        Assert.Equal(404, envelope.RootElement.GetProperty("http_code").GetInt32());
    }

    [Fact]
    public async Task PathOutsideEveryLegacyFolder_IsNotTakenByTheirCatchAll()
    {
        using var gateway = new GatewayFixture();
        using var client = gateway.Factory.CreateClient();

        using var response = await client.GetAsync("/no-such-system/ws/member");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("urn:kh:nssf:hspis:2016", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
