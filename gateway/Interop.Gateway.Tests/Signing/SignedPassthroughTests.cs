using System.Net;
using Interop.Gateway.Tests.Pipeline;
using Task = System.Threading.Tasks.Task;

namespace Interop.Gateway.Tests.Signing;

/// <summary>In central mode the FHIR passthrough takes only signed requests of members allowed on <c>fhir:{alias}</c>.</summary>
public sealed class SignedPassthroughTests
{
    [Fact]
    public async Task Unsigned_IsRefusedWithAnOperationOutcome_AndNeverForwarded()
    {
        using var gateway = new GatewayFixture(SigningKit.Central());
        using var client = gateway.Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Member-Id", SigningKit.Hspis);

        using var response = await client.GetAsync("/fhir/pca/Claim/c1");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("OperationOutcome", body, StringComparison.Ordinal);
        Assert.Contains("signature-missing", body, StringComparison.Ordinal);
        Assert.Empty(gateway.Pca.LogEntries);
    }

    [Fact]
    public async Task SignedByAMemberNotAllowedOnTheRoute_IsRefused()
    {
        using var gateway = new GatewayFixture(SigningKit.Central());
        using var client = SigningKit.SignedClient(gateway.Factory, SigningKit.HspisKey, SigningKit.Hspis);

        using var response = await client.GetAsync("/fhir/pca/Claim/c1");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("not allowed on this route", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(gateway.Pca.LogEntries);
    }
}
