namespace Interop.Conformance.Tests.Support;

/// <summary>What the suite's setups share: fixtures under <c>conformance-tests/fixtures/</c>, reports in <c>conformance-tests/reports/</c>.</summary>
public abstract class RepositoryAdapterSetup(string fixtures) : AdapterConformanceSetup
{
    public override string FixturesFolder => Repository.Conformance("fixtures", fixtures);

    public override string ReportFolder => Repository.Reports;

    /// <summary>A generous budget: CI machines are shared, and a slow call is not a hang.</summary>
    public override ConformanceOptions Options => new() { TimeBudget = TimeSpan.FromSeconds(5) };
}
