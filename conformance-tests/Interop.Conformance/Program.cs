using Interop.Conformance;
using Interop.Conformance.Cli;
using Interop.Conformance.Reporting;

// The kit's command line: runs the adapter checks (or records goldens) for the setup found in an assembly.
try
{
    var line = CommandLine.Parse(args);
    switch (line.Command)
    {
        case "requirements":
            foreach (var requirement in Requirements.All)
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
            var report = await ConformanceKit.RunAsync(setup, line.Get("fixtures"), options);
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
