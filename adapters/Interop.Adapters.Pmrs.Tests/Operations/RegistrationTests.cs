using Interop.Adapters.Pmrs.Registration;
using Interop.Contracts.Adapters;
using Interop.Contracts.Registration;
using Interop.Standards.Registration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Interop.Adapters.Pmrs.Tests.Operations;

/// <summary>The adapter registers through the chain, declares exactly PMRS's routes, and bad options stop the start.</summary>
public sealed class RegistrationTests
{
    private static ServiceProvider Services(Action<PmrsAdapterOptions>? configure = null) =>
        new ServiceCollection().AddInterop().AddStandards().AddPmrsAdapter(configure).Services.BuildServiceProvider();

    [Fact]
    public void Manifest_DeclaresThePmrsRoutesExactly()
    {
        using var services = Services();

        var adapter = Assert.Single(services.GetRequiredService<AdapterCatalog>().Adapters);

        Assert.Equal(("pmrs", "KH/GOV/MOH/PMRS"), (adapter.Manifest.Id, adapter.Manifest.OperatorSystem));
        Assert.Empty(adapter.Manifest.Validate());
        Assert.Equal(
            [
                ("POST", "/oauth/token", InteropFlow.Authentication, LegacyAuthentication.None),
                ("GET", "/api/v1/external/common/standard-data", InteropFlow.ReferenceData, LegacyAuthentication.None),
                ("GET", "/api/v1/external/beneficiary/search", InteropFlow.Eligibility, LegacyAuthentication.BearerToken),
                ("POST", "/api/v1/external/visits", InteropFlow.Claim, LegacyAuthentication.BearerToken),
                ("GET", "/api/v1/external/visits/{visit_code}/status", InteropFlow.ClaimStatus, LegacyAuthentication.BearerToken),
            ],
            adapter.Manifest.Routes.Select(r => (r.Method, r.PathTemplate, r.Flow, r.Authentication)));
    }

    [Theory]
    [InlineData("pmrs")]
    [InlineData("KH/GOV/MOH")]
    public void Options_InvalidOperatorSystem_StopTheStart(string operatorSystem)
    {
        using var services = Services(o => o.OperatorSystem = operatorSystem);

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<PmrsAdapterOptions>>().Value);

        Assert.Contains("OperatorSystem", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_DepthOutOfRange_StopTheStart()
    {
        using var services = Services(o => o.MaxJsonDepth = 1000);

        Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<PmrsAdapterOptions>>().Value);
    }
}
