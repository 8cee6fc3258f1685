using Interop.Conformance.Deployment;
using Interop.Conformance.Reporting;
using Interop.Conformance.Results;

namespace Interop.Conformance.Cli;

/// <summary>
/// The kit's command line: runs the adapter checks (or records goldens) for the setup found in an assembly, or the
/// deployment checks against a running gateway. (A class of its own, not top-level statements: a test project that
/// references both the kit and the gateway sees one <c>Program</c>, the gateway's.)
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        try
        {
            var line = CommandLine.Parse(args);
            switch (line.Command)
            {
                case "requirements":
                    foreach (var requirement in Requirements.All.Concat(DeploymentRequirements.All))
                    {
                        Console.WriteLine($"{requirement.Id,-19} {requirement.Description}");
                    }

                    return 0;
                case "record":
                    var recorder = SetupLoader.Load(line.Required("assembly"), line.Get("setup"));
                    foreach (var file in await ConformanceKit.RecordAsync(recorder, line.Get("fixtures")))
                    {
                        Console.WriteLine($"recorded {file}");
                    }

                    return 0;
                case "adapter":
                    var setup = SetupLoader.Load(line.Required("assembly"), line.Get("setup"));
                    var defaults = setup.Options;
                    var options = defaults with
                    {
                        TimeBudget = line.Number("budget-ms") is { } ms ? TimeSpan.FromMilliseconds(ms) : defaults.TimeBudget,
                        MutationsPerCase = line.Number("mutations") ?? defaults.MutationsPerCase,
                        Seed = line.Number("seed") ?? defaults.Seed,
                    };
                    return Report(await ConformanceKit.RunAsync(setup, line.Get("fixtures"), options), line);
                case "deployment":
                    return Report(await DeploymentKit.RunAsync(DeploymentCommand.Target(line)), line);
                default:
                    throw new ArgumentException($"Unknown command '{line.Command}'.");
            }
        }
        catch (Exception e) when (e is ArgumentException or Interop.Conformance.Fixtures.FixtureException or InvalidOperationException)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(CommandLine.Usage);
            return 2;
        }
    }

    // The console summary, then the reports asked for; the exit code says conformant (0) or not (1).
    private static int Report(ConformanceReport report, CommandLine line)
    {
        ConsoleSummary.Write(report, Console.Out);
        if (line.Get("junit") is { } junit)
        {
            JUnitReport.Write(report, junit);
        }

        if (line.Get("markdown") is { } markdown)
        {
            MarkdownReport.Write(report, markdown);
        }

        return report.HasProblems ? 1 : 0;
    }
}
