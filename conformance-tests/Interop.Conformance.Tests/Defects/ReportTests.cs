using Interop.Conformance.Reporting;
using Interop.Conformance.Results;

namespace Interop.Conformance.Tests.Defects;

/// <summary>The reports of a failing run show what a reader needs: the requirement id, the case, the offending path and the diff.</summary>
public sealed class ReportTests
{
    private static readonly Lazy<Task<ConformanceReport>> Mismatch = new(() => ConformanceKit.RunAsync(new BrokenExampleSetup(Defect.GoldenMismatch)));

    private const string FamilyPath = "$.items[0].interactions[0].resource.name[0].family";

    [Fact]
    public async Task Markdown_GoldenMismatch_ShowsRequirementCasePathAndDiff()
    {
        var markdown = MarkdownReport.Build(await Mismatch.Value);

        Assert.Contains("**Not conformant:**", markdown, StringComparison.Ordinal);
        Assert.Contains("| ADP-GOLDEN-01 | FAIL |", markdown, StringComparison.Ordinal);
        Assert.Contains("### FAIL ADP-GOLDEN-01 `golden/register-adult`", markdown, StringComparison.Ordinal);
        Assert.Contains($"At `{FamilyPath}`.", markdown, StringComparison.Ordinal);
        Assert.Contains("  - expected: \"SAO\"\n  + actual:   \"sao\"", markdown, StringComparison.Ordinal);
        Assert.Contains("- `unmapped: occupation`", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JUnit_GoldenMismatch_HasOneFailureTypedByItsRequirement()
    {
        var junit = JUnitReport.Build(await Mismatch.Value).Root!;

        var failure = Assert.Single(junit.Descendants("failure"));
        Assert.Equal("ADP-GOLDEN-01", (string)failure.Attribute("type")!);
        Assert.Equal("ADP-GOLDEN-01 golden/register-adult", (string)failure.Parent!.Attribute("name")!);
        Assert.Contains(FamilyPath, failure.Value, StringComparison.Ordinal);
        Assert.Equal("1", (string)junit.Attribute("failures")!);
        Assert.Equal(Requirements.All.Select(r => r.Id), junit.Elements("testsuite").Select(s => (string)s.Attribute("name")!));
    }

    [Fact]
    public async Task Console_GoldenMismatch_SaysNotConformantWithTheFailure()
    {
        using var output = new StringWriter();

        ConsoleSummary.Write(await Mismatch.Value, output);

        var text = output.ToString();
        Assert.Contains($"FAIL ADP-GOLDEN-01 golden/register-adult: The output differs from the golden file in 1 place(s). (at {FamilyPath})", text, StringComparison.Ordinal);
        Assert.EndsWith("NOT CONFORMANT.\n", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }
}
