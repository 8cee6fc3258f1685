using BenchmarkDotNet.Attributes;
using Interop.Adapters.Pmrs.Registration;
using Interop.Contracts.Adapters;
using Interop.Contracts.Mapping;
using Interop.Contracts.Registration;
using Interop.Standards.Registration;
using Interop.Standards.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace Interop.Adapters.Pmrs.Benchmarks;

/// <summary>
/// What one PMRS visit costs on the request path: the published example (corrected total), an IPD discharge of
/// two services, transport and four days of caretaker food, mapped to its three resources (Patient, Encounter, Claim),
/// then each validated against its profile. Figures go to adapters/Interop.Adapters.Pmrs/README.md.
/// </summary>
[MemoryDiagnoser]
public class VisitMappingBenchmarks
{
    private ServiceProvider _services = null!;
    private ILegacyAdapter _adapter = null!;
    private IFhirValidator _validator = null!;
    private LegacyRequest _request = null!;

    [GlobalSetup]
    public void Setup()
    {
        _services = new ServiceCollection().AddInterop().AddStandards().AddPmrsAdapter().Services.BuildServiceProvider();
        _adapter = _services.GetRequiredService<AdapterCatalog>().Adapters[0];
        _validator = _services.GetRequiredService<IFhirValidator>();
        _request = new LegacyRequest
        {
            Operation = "visit-submit",
            Method = "POST",
            Path = "/api/v1/external/visits",
            ContentType = "application/json",
            Body = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "visit.json")),
            Sender = "KH/GOV/MOH/PMRS",
            ReceivedAt = new DateTimeOffset(2025, 2, 14, 10, 5, 0, TimeSpan.FromHours(7)),
        };
        if (MapAndValidate() != 3)
        {
            throw new InvalidOperationException("The benchmark visit must map to three valid resources.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Description = "Map one PMRS visit (3 resources)")]
    public int Map() => _adapter.MapRequestAsync(_request, CancellationToken.None).Result.Items[0].Interactions.Count;

    [Benchmark(Description = "Map + validate one PMRS visit (3 resources)")]
    public int MapAndValidate()
    {
        var valid = 0;
        foreach (var interaction in _adapter.MapRequestAsync(_request, CancellationToken.None).Result.Items[0].Interactions)
        {
            valid += _validator.Validate(interaction.Resource!, interaction.Profile).IsValid ? 1 : 0;
        }

        return valid;
    }
}
