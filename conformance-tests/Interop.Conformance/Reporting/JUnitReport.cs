using System.Globalization;
using System.Xml.Linq;
using Interop.Conformance.Results;

namespace Interop.Conformance.Reporting;

/// <summary>
/// The report as JUnit XML, which CI servers show natively: one test suite per requirement, one test case per fixture case,
/// failures with the offending path and the diff, skips with their reason, warnings in <c>system-out</c>.
/// </summary>
public static class JUnitReport
{
    /// <summary>The report as a JUnit XML document.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The document.</returns>
    public static XDocument Build(ConformanceReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var suites = new XElement(
            "testsuites",
            new XAttribute("name", $"conformance {report.AdapterId} {report.AdapterVersion}"),
            Counts(report.Results),
            new XAttribute("time", Seconds(report.Duration)));
        foreach (var requirement in report.Requirements)
        {
            var results = report.For(requirement).ToList();
            suites.Add(new XElement(
                "testsuite",
                new XAttribute("name", requirement.Id),
                Counts(results),
                new XElement("properties", new XElement("property", new XAttribute("name", "description"), new XAttribute("value", requirement.Description))),
                results.Select(r => TestCase(report, r))));
        }

        return new XDocument(new XDeclaration("1.0", "utf-8", null), suites);
    }

    /// <summary>Writes the JUnit XML file, creating its folder.</summary>
    /// <param name="report">The report.</param>
    /// <param name="file">The file.</param>
    public static void Write(ConformanceReport report, string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        Build(report).Save(file);
    }

    private static XElement TestCase(ConformanceReport report, CheckResult result)
    {
        var element = new XElement(
            "testcase",
            new XAttribute("classname", $"{report.AdapterId}.{result.Requirement.Id}"),
            new XAttribute("name", $"{result.Requirement.Id} {result.Case}"));
        var details = string.Join("\n", new[] { result.Path is null ? null : "at: " + result.Path, result.Diff }.OfType<string>());
        switch (result.Status)
        {
            case CheckStatus.Fail:
                element.Add(new XElement("failure", new XAttribute("message", result.Message ?? ""), new XAttribute("type", result.Requirement.Id), details));
                break;
            case CheckStatus.Error:
                element.Add(new XElement("error", new XAttribute("message", result.Message ?? ""), details));
                break;
            case CheckStatus.Skip:
                element.Add(new XElement("skipped", new XAttribute("message", result.Message ?? "")));
                break;
        }

        if (result.Warnings.Count > 0)
        {
            element.Add(new XElement("system-out", string.Join("\n", result.Warnings)));
        }

        return element;
    }

    private static IEnumerable<XAttribute> Counts(IReadOnlyCollection<CheckResult> results) =>
    [
        new XAttribute("tests", results.Count),
        new XAttribute("failures", results.Count(r => r.Status == CheckStatus.Fail)),
        new XAttribute("errors", results.Count(r => r.Status == CheckStatus.Error)),
        new XAttribute("skipped", results.Count(r => r.Status == CheckStatus.Skip)),
    ];

    private static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
}
