namespace Interop.Conformance;

/// <summary>How hard the kit pushes an adapter. Every setting has a documented default; the command line can change them.</summary>
public sealed record ConformanceOptions
{
    /// <summary>How long one call of the adapter may take before it counts as a hang (ADP-ROBUST-02). Default: 2 seconds.</summary>
    public TimeSpan TimeBudget { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How many mutated or truncated inputs are made from each golden request with a body. Default: 24.</summary>
    public int MutationsPerCase { get; init; } = 24;

    /// <summary>The seed of the mutations, so every run tries the same inputs. Default: 20250214.</summary>
    public int Seed { get; init; } = 20250214;
}
