using Interop.Adapters.Example;
using Interop.Conformance.Tests.Support;
using Interop.Contracts.Adapters;
using Interop.Contracts.Registration;
using Microsoft.Extensions.DependencyInjection;

namespace Interop.Conformance.Tests.Defects;

/// <summary>Registers the Example adapter with one planted defect, over the template's fixtures (or a prepared copy).</summary>
public class BrokenExampleSetup(Defect defect) : AdapterConformanceSetup
{
    /// <summary>The template's own fixtures.</summary>
    public static string TemplateFixtures => Repository.Conformance("templates", "interop-adapter", "Interop.Adapters.Example.Tests", "fixtures");

    public override void Register(IInteropBuilder interop)
    {
        ArgumentNullException.ThrowIfNull(interop);
        interop.Services.AddOptions<ExampleAdapterOptions>();
        interop.Services.AddSingleton<ExampleAdapter>();
        interop.Services.AddSingleton<ILegacyAdapter>(services => new BrokenExampleAdapter(services.GetRequiredService<ExampleAdapter>(), defect));
    }

    public override string FixturesFolder => TemplateFixtures;

    /// <summary>A short budget and few mutations: the hanging adapter costs one budget per case.</summary>
    public override ConformanceOptions Options => new() { TimeBudget = TimeSpan.FromSeconds(2), MutationsPerCase = 12 };
}

/// <summary>The golden-mismatch adapter with a parameterless constructor, as the command line needs it.</summary>
public sealed class GoldenMismatchExampleSetup() : BrokenExampleSetup(Defect.GoldenMismatch);
