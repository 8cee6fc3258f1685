using Interop.Adapters.Hspis.Tests.Support;
using Interop.Contracts.Adapters;
using Interop.Contracts.Mapping;
using Interop.Contracts.Registration;
using Interop.Standards.Registration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Interop.Adapters.Hspis.Tests;

/// <summary>The adapter as the gateway sees it: its manifest, its registration, and how it renders the gateway's refusals.</summary>
[Collection(HspisCollection.Name)]
public sealed class RegistrationTests(HspisFixture fixture)
{
    [Fact]
    public void Manifest_DeclaresTheFourHspisRoutesExactly()
    {
        var manifest = fixture.Adapter.Manifest;

        Assert.Empty(manifest.Validate());
        Assert.Equal("hspis", manifest.Id);
        Assert.Equal("KH/GOV/NSSF/HSPIS", manifest.OperatorSystem);
        Assert.Equal(
            [("POST", "/hspis/ws/member", InteropFlow.Register), ("POST", "/hspis/ws/eligibility", InteropFlow.Eligibility), ("POST", "/hspis/ws/claims", InteropFlow.Claim), ("POST", "/hspis/ws/claim-status", InteropFlow.ClaimStatus)],
            manifest.Routes.Select(r => (r.Method, r.PathTemplate, r.Flow)));
        Assert.All(manifest.Routes, r => Assert.Contains("application/xml", r.RequestContentTypes));
        Assert.True(manifest.Routes.Single(r => r.Flow == InteropFlow.Claim).MaxRequestBytes >= 8 * 1024 * 1024);
    }

    [Fact]
    public void AddHspisAdapter_WithInvalidOptions_FailsWhenResolved()
    {
        var services = new ServiceCollection();
        services.AddInterop().AddStandards(o => o.Root = Path.Combine(AppContext.BaseDirectory, "standards")).AddHspisAdapter(o =>
        {
            o.OperatorSystem = "not a member id";
            o.MaxClaimsPerBatch = 0;
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<AdapterCatalog>());

        Assert.Contains(error.Failures, f => f.Contains("OperatorSystem", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("MaxClaimsPerBatch", StringComparison.Ordinal));
    }

    public static TheoryData<string> GatewayErrors()
    {
        using var standards = new HspisFixture();
        return [.. standards.Terminology.Concepts("gateway-error").Where(c => c.Properties["category"] is "security" or "upstream").Select(c => c.Code)];
    }

    [Theory]
    [MemberData(nameof(GatewayErrors))]
    public void RenderError_UsesTheFaultCodeOfTheGatewayErrorCodeSystem(string code)
    {
        var concept = fixture.Terminology.Concepts("gateway-error").Single(c => c.Code == code);
        var status = int.Parse(concept.Properties["http-status"], System.Globalization.CultureInfo.InvariantCulture);
        var request = Exchange.Request("claims", "not even xml");

        var response = fixture.Adapter.RenderError(request, new GatewayError(code, status, "Refused by the gateway.", [new FieldError("Header/MessageId", code, "x")]));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/xml; charset=utf-8", response.ContentType);
        Assert.Equal([(concept.Properties["hspis-fault"], "Header/MessageId")], Faults.In(response));
        Assert.Equal("Refused by the gateway.", Faults.Root(response).Value);
    }
}
