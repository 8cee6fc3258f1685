using Interop.Conformance.Results;

namespace Interop.Conformance.Reporting;

/// <summary>The short summary the command prints: one line per requirement, then each failure and error in one line.</summary>
public static class ConsoleSummary
{
    /// <summary>Writes the summary.</summary>
    /// <param name="report">The report.</param>
    /// <param name="output">Where to write.</param>
    public static void Write(ConformanceReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(report.Kind == "adapter" ? $"Conformance of {report.AdapterId} {report.AdapterVersion} ({report.Fixtures})" : $"Conformance of {report.Kind} {report.AdapterVersion} ({report.Fixtures})");
        foreach (var requirement in report.Requirements)
        {
            var results = report.For(requirement).ToList();
            output.WriteLine($"  {MarkdownReport.Label(report.StatusOf(requirement)),-5} {requirement.Id,-19} {results.Count(r => r.Status == CheckStatus.Pass)}/{results.Count} passed  {requirement.Description}");
        }

        foreach (var result in report.Results.Where(r => r.Status is CheckStatus.Fail or CheckStatus.Error))
        {
            var firstLine = (result.Message ?? "").Split('\n')[0];
            output.WriteLine($"  {MarkdownReport.Label(result.Status)} {result.Requirement.Id} {result.Case}: {firstLine}{(result.Path is null ? "" : $" (at {result.Path})")}");
        }

        output.WriteLine($"{report.Count(CheckStatus.Pass)} passed, {report.Count(CheckStatus.Fail)} failed, {report.Count(CheckStatus.Error)} errors, {report.Count(CheckStatus.Skip)} skipped in {report.Duration.TotalSeconds:0.0} s: {(report.HasProblems ? "NOT CONFORMANT" : "conformant")}.");
    }
}
