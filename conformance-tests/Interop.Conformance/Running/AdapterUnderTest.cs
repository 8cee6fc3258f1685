using System.Text.Json.Nodes;
using Interop.Conformance.Fixtures;
using Interop.Conformance.Json;
using Interop.Contracts.Adapters;
using Interop.Contracts.Mapping;
using Interop.Contracts.Registration;
using Interop.Standards.Policies;
using Interop.Standards.Registration;
using Interop.Standards.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace Interop.Conformance.Running;

/// <summary>The adapter registered as the gateway registers it, over the real standards, with the fixtures it is checked on.</summary>
internal sealed class AdapterUnderTest : IDisposable
{
    private readonly ServiceProvider _services;

    public AdapterUnderTest(AdapterConformanceSetup setup, FixtureSet fixtures, ConformanceOptions options)
    {
        Setup = setup;
        Fixtures = fixtures;
        Options = options;
        var interop = new ServiceCollection().AddInterop().AddStandards(setup.ConfigureStandards);
        setup.Register(interop);
        _services = interop.Services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var adapters = _services.GetRequiredService<AdapterCatalog>().Adapters;
        Adapter = adapters.Count == 1
            ? adapters[0]
            : throw new InvalidOperationException($"{setup.GetType().Name} registers {adapters.Count} adapters; register exactly one.");
        Validator = _services.GetRequiredService<IFhirValidator>();
        Policies = _services.GetRequiredService<ISharingPolicies>();
    }

    public AdapterConformanceSetup Setup { get; }

    public FixtureSet Fixtures { get; }

    public ConformanceOptions Options { get; }

    public ILegacyAdapter Adapter { get; }

    public AdapterManifest Manifest => Adapter.Manifest;

    public IFhirValidator Validator { get; }

    public ISharingPolicies Policies { get; }

    public string Sender => Setup.Sender(Manifest);

    public LegacyRequest Request(FixtureCase @case) => Setup.CreateRequest(@case, Manifest);

    public Task<Attempt<InboundMapping>> MapAsync(LegacyRequest request) =>
        Bounded.RunAsync(token => Adapter.MapRequestAsync(request, token), Options.TimeBudget);

    public Task<Attempt<LegacyResponse>> RespondAsync(FhirExchange exchange) =>
        Bounded.RunAsync(() => Adapter.MapResponse(exchange), Options.TimeBudget);

    public JsonObject Describe(InboundMapping mapping) => MappingDescription.Mapping(mapping, Setup.GoldenErrorValues);

    /// <summary>The suite's masks and the case's <c>masks.json</c> (an array of mask paths).</summary>
    public IReadOnlyList<string> Masks(FixtureCase @case) =>
        @case.File("masks.json") is { } file ? [.. Fixtures.Settings.Masks, .. FixtureJson.Read<string[]>(file)] : Fixtures.Settings.Masks;

    public LegacyRoute? RouteOf(LegacyRequest request) => Manifest.Routes.FirstOrDefault(r => r.Operation == request.Operation);

    public void Dispose() => _services.Dispose();
}
