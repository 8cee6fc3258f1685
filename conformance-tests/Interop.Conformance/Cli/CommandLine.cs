using System.Globalization;

namespace Interop.Conformance.Cli;

/// <summary>The parsed command line: a command and its <c>--name value</c> options.</summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string> _options;

    private CommandLine(string command, Dictionary<string, string> options)
    {
        Command = command;
        _options = options;
    }

    public string Command { get; }

    public const string Usage = """
        Usage:
          dotnet run --project conformance-tests/Interop.Conformance -- adapter --assembly <setup.dll> [options]
          dotnet run --project conformance-tests/Interop.Conformance -- record --assembly <setup.dll> [--fixtures <dir>] [--setup <type>]
          dotnet run --project conformance-tests/Interop.Conformance -- requirements

        adapter options:
          --assembly <file>   the compiled assembly holding your AdapterConformanceSetup subclass (usually your adapter's test project)
          --setup <type>      the setup type, when the assembly has several
          --fixtures <dir>    the fixture folder (default: the setup's FixturesFolder)
          --junit <file>      write JUnit XML
          --markdown <file>   write the Markdown report
          --budget-ms <n>     the time budget of one adapter call (default 2000)
          --mutations <n>     mutated inputs per golden case (default 24)
          --seed <n>          the mutations' seed (default 20250214)

        Exit code: 0 conformant, 1 a check failed or could not run, 2 bad usage or setup.
        """;

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            throw new ArgumentException("No command.");
        }

        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"Expected --name value, found '{args[i]}'.");
            }

            options[args[i][2..]] = args[i + 1];
        }

        return new CommandLine(args[0], options);
    }

    public string? Get(string name) => _options.GetValueOrDefault(name);

    public string Required(string name) => Get(name) ?? throw new ArgumentException($"--{name} is required.");

    public int? Number(string name) =>
        Get(name) is { } text
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"--{name} must be a whole number.")
            : null;
}
