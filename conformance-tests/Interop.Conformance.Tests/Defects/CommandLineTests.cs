using Interop.Conformance.Tests.Support;

namespace Interop.Conformance.Tests.Defects;

/// <summary>The kit's command line, run as a CI job runs it: the exit code says conformant or not, and both reports are written.</summary>
public sealed class CommandLineTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Adapter_BrokenAdapter_ExitsOneAndWritesBothReports()
    {
        using var reports = new TemporaryFolder("conformance-cli");
        var (junit, markdown) = (reports.Combine("example.junit.xml"), reports.Combine("example.md"));

        var result = await Kit("adapter", "--assembly", typeof(CommandLineTests).Assembly.Location, "--setup", nameof(GoldenMismatchExampleSetup), "--junit", junit, "--markdown", markdown);

        Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}:\n{result.Output}");
        Assert.Contains("FAIL ADP-GOLDEN-01 golden/register-adult", result.Output, StringComparison.Ordinal);
        Assert.Contains("FAIL", File.ReadAllText(markdown), StringComparison.Ordinal);
        Assert.Contains("type=\"ADP-GOLDEN-01\"", File.ReadAllText(junit), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adapter_AssemblyWithSeveralSetups_ExitsTwoAndNamesThem()
    {
        var result = await Kit("adapter", "--assembly", typeof(CommandLineTests).Assembly.Location);

        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}:\n{result.Output}");
        Assert.Contains("choose one with --setup", result.Output, StringComparison.Ordinal);
    }

    /// <summary>The kit's exe, copied next to this test assembly like next to any adapter's tests.</summary>
    private static Task<DotnetCommand.Result> Kit(params string[] arguments) =>
        DotnetCommand.RunAsync(AppContext.BaseDirectory, Deadline, ["Interop.Conformance.dll", .. arguments]);
}
