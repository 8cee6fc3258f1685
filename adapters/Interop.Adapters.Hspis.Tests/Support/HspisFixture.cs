using Interop.Contracts.Adapters;
using Interop.Contracts.Registration;
using Interop.Contracts.Standards;
using Interop.Standards;
using Interop.Standards.Policies;
using Interop.Standards.Registration;
using Interop.Standards.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace Interop.Adapters.Hspis.Tests.Support;

/// <summary>The adapter as the gateway registers it, over the repository's real standards; built once for all tests.</summary>
public sealed class HspisFixture : IDisposable
{
    private readonly ServiceProvider _services;

    public HspisFixture()
    {
        var services = new ServiceCollection();
        services.AddInterop()
            .AddStandards(o => o.Root = Path.Combine(AppContext.BaseDirectory, "standards"))
            .AddHspisAdapter();
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        Catalog = _services.GetRequiredService<AdapterCatalog>();
        Adapter = (HspisAdapter)Catalog.Adapters.Single();
        Validator = _services.GetRequiredService<IFhirValidator>();
        Policies = _services.GetRequiredService<ISharingPolicies>();
        Terminology = _services.GetRequiredService<ITerminology>();
        Standards = _services.GetRequiredService<StandardsCatalog>();
    }

    public AdapterCatalog Catalog { get; }

    public HspisAdapter Adapter { get; }

    public IFhirValidator Validator { get; }

    public ISharingPolicies Policies { get; }

    public ITerminology Terminology { get; }

    public StandardsCatalog Standards { get; }

    public void Dispose() => _services.Dispose();
}

[CollectionDefinition(Name)]
public sealed class HspisCollection : ICollectionFixture<HspisFixture>
{
    public const string Name = "hspis";
}
