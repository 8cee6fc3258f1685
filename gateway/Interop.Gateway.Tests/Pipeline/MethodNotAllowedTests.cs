using System.Net;
using System.Text.Json;
using Task = System.Threading.Tasks.Task;

namespace Interop.Gateway.Tests.Pipeline;

/// <summary>A method a legacy path does not take is answered in that system's own format, as its old server would.</summary>
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
}
