using Interop.Conformance.Reporting;
using Interop.Conformance.Results;
using Xunit;

namespace Interop.Conformance.Xunit;

/// <summary>
/// The kit as xunit tests. An adapter's test project declares
/// <c>public sealed class MyAdapterConformance : AdapterConformanceTests&lt;MySetup&gt;;</c> and gets one test per requirement id,
/// each failing with the cases, paths and diffs that break it. The kit runs once per setup type; its JUnit XML and Markdown
/// reports are written to the setup's <see cref="AdapterConformanceSetup.ReportFolder"/>.
/// </summary>
/// <typeparam name="TSetup">How the adapter is registered and where its fixtures are.</typeparam>
public abstract class AdapterConformanceTests<TSetup>
    where TSetup : AdapterConformanceSetup, new()
{
    /// <summary>Every requirement id, one test each.</summary>
    /// <returns>The ids.</returns>
    public static TheoryData<string> RequirementIds() => [.. Requirements.All.Select(r => r.Id)];

    /// <summary>No case fails the requirement and every case could be checked.</summary>
    /// <param name="requirementId">The requirement.</param>
    /// <returns>The test.</returns>
    [Theory]
    [MemberData(nameof(RequirementIds))]
    public async Task Adapter_MeetsRequirement(string requirementId)
    {
        var report = await ConformanceRun<TSetup>.Report.ConfigureAwait(true);

        var problems = report.For(Requirements.Get(requirementId)).Where(r => r.Status is CheckStatus.Fail or CheckStatus.Error).ToList();

        Assert.True(problems.Count == 0, string.Join("\n\n", problems.Select(Describe)));
    }

    /// <summary>The fixtures give the kit something to check: at least one golden case was checked.</summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task Fixtures_HaveGoldenCases()
    {
        var report = await ConformanceRun<TSetup>.Report.ConfigureAwait(true);

        Assert.Contains(report.For(Requirements.GoldenFhir), r => r.Case != "*");
    }

    private static string Describe(CheckResult result) =>
        $"{MarkdownReport.Label(result.Status)} {result.Requirement.Id} {result.Case}: {result.Message}" +
        (result.Path is null ? "" : $"\n  at {result.Path}") +
        (result.Diff is null ? "" : $"\n{result.Diff}");
}

/// <summary>One run of the kit per setup type, shared by its tests, with its reports written once.</summary>
/// <typeparam name="TSetup">The setup.</typeparam>
public static class ConformanceRun<TSetup>
    where TSetup : AdapterConformanceSetup, new()
{
    private static readonly Lazy<Task<ConformanceReport>> Run = new(RunAsync);

    /// <summary>The report of the run (started on first use).</summary>
    public static Task<ConformanceReport> Report => Run.Value;

    private static async Task<ConformanceReport> RunAsync()
    {
        var setup = new TSetup();
        var report = await ConformanceKit.RunAsync(setup).ConfigureAwait(false);
        JUnitReport.Write(report, Path.Combine(setup.ReportFolder, $"{report.AdapterId}.junit.xml"));
        MarkdownReport.Write(report, Path.Combine(setup.ReportFolder, $"{report.AdapterId}.md"));
        return report;
    }
}
