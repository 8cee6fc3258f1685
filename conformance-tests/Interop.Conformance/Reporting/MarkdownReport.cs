using System.Text;
using Interop.Conformance.Results;

namespace Interop.Conformance.Reporting;

/// <summary>
/// The report as Markdown, for people: the requirement table first, then every failure and error with the offending path
/// and the diff, then skips with their reasons, then warnings (unmapped legacy fields).
/// </summary>
public static class MarkdownReport
{
    /// <summary>The report as Markdown.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The text.</returns>
    public static string Build(ConformanceReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        md.AppendLine(report.Kind == "adapter" ? $"# Conformance of adapter `{report.AdapterId}` {report.AdapterVersion}" : $"# Conformance of {report.Kind} `{report.AdapterVersion}`").AppendLine();
        md.AppendLine($"{Verdict(report)} {report.Count(CheckStatus.Pass)} passed, {report.Count(CheckStatus.Fail)} failed, " +
            $"{report.Count(CheckStatus.Error)} errors, {report.Count(CheckStatus.Skip)} skipped; {(report.Kind == "adapter" ? "fixtures" : "sample")} `{report.Fixtures}`, " +
            $"{report.StartedAt:yyyy-MM-dd HH:mm:ss} UTC, {report.Duration.TotalSeconds:0.0} s.").AppendLine();

        md.AppendLine("| requirement | status | pass | fail | error | skip | what it asks |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var requirement in report.Requirements)
        {
            var results = report.For(requirement).ToList();
            md.AppendLine($"| {requirement.Id} | {Label(report.StatusOf(requirement))} | {Count(results, CheckStatus.Pass)} | {Count(results, CheckStatus.Fail)} | " +
                $"{Count(results, CheckStatus.Error)} | {Count(results, CheckStatus.Skip)} | {requirement.Description} |");
        }

        Section(md, "Failures and errors", report.Results.Where(r => r.Status is CheckStatus.Fail or CheckStatus.Error), Problem);
        Section(md, "Skipped", report.Results.Where(r => r.Status == CheckStatus.Skip), (b, r) => b.AppendLine($"- {r.Requirement.Id} `{r.Case}`: {r.Message}"));
        Section(md, "Warnings", report.Results.Where(r => r.Warnings.Count > 0), Warnings);
        return md.ToString();
    }

    /// <summary>Writes the Markdown file, creating its folder.</summary>
    /// <param name="report">The report.</param>
    /// <param name="file">The file.</param>
    public static void Write(ConformanceReport report, string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        File.WriteAllText(file, Build(report), new UTF8Encoding(false));
    }

    private static void Section(StringBuilder md, string title, IEnumerable<CheckResult> results, Action<StringBuilder, CheckResult> write)
    {
        var list = results.ToList();
        if (list.Count == 0)
        {
            return;
        }

        md.AppendLine().AppendLine($"## {title}").AppendLine();
        foreach (var result in list)
        {
            write(md, result);
        }
    }

    private static void Problem(StringBuilder md, CheckResult result)
    {
        md.AppendLine($"### {Label(result.Status)} {result.Requirement.Id} `{result.Case}`").AppendLine();
        var lines = (result.Message ?? "").Split('\n');
        md.AppendLine(lines.Length == 1 ? lines[0] : string.Join('\n', lines.Select(l => "- " + l))).AppendLine();
        if (result.Path is not null)
        {
            md.AppendLine($"At `{result.Path}`.").AppendLine();
        }

        if (result.Diff is not null)
        {
            md.AppendLine("```diff").AppendLine(result.Diff).AppendLine("```").AppendLine();
        }
    }

    private static void Warnings(StringBuilder md, CheckResult result)
    {
        md.AppendLine($"<details><summary>{result.Requirement.Id} <code>{result.Case}</code>: {result.Message}</summary>").AppendLine();
        foreach (var warning in result.Warnings)
        {
            md.AppendLine($"- `{warning}`");
        }

        md.AppendLine().AppendLine("</details>").AppendLine();
    }

    private static string Verdict(ConformanceReport report) => report.HasProblems ? "**Not conformant:**" : "**Conformant:**";

    private static int Count(IEnumerable<CheckResult> results, CheckStatus status) => results.Count(r => r.Status == status);

    /// <summary>The status as the reports print it.</summary>
    /// <param name="status">The status.</param>
    /// <returns>PASS, FAIL, ERROR or SKIP.</returns>
    public static string Label(CheckStatus status) => status switch
    {
        CheckStatus.Pass => "PASS",
        CheckStatus.Fail => "FAIL",
        CheckStatus.Error => "ERROR",
        _ => "SKIP",
    };
}
