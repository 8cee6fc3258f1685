using System.Globalization;

namespace Interop.Conformance.Cli;

/// <summary>The parsed command line: a command and its <c>--name value</c> options.</summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string> _options;
    private readonly List<KeyValuePair<string, string>> _all;

    private CommandLine(string command, Dictionary<string, string> options, List<KeyValuePair<string, string>> all)
    {
        Command = command;
        _options = options;
        _all = all;
    }

    public string Command { get; }

    public const string Usage = """
        Usage:
          dotnet run --project conformance-tests/Interop.Conformance -- adapter --assembly <setup.dll> [options]
          dotnet run --project conformance-tests/Interop.Conformance -- record --assembly <setup.dll> [--fixtures <dir>] [--setup <type>]
          dotnet run --project conformance-tests/Interop.Conformance -- deployment --url <gateway> --member <id> --key <private key> --kid <kid> --gateway-keys <jwks> --route <sample request> [options]
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

        deployment options:
          --url <url>               the running gateway's base URL
          --member <id>             the member the requests are sent for (X-Member-Id), e.g. KH/GOV/NSSF/HSPIS
          --key <file>              the member's private test key: a private JWK or a PKCS#8 PEM
          --kid <kid>               the key's id (a JWK's kid must match)
          --algorithm <alg>         ecdsa-p256-sha256 (default) or rsa-pss-sha512
          --gateway-keys <file>     the gateway's public JWKS, to verify its answers with
          --route <file>            the sample request: .xml is H-SPIS (path from its root element), .json is PMRS (give --path)
          --path <path>             the route's path and query (default for H-SPIS: /hspis/ws/<operation>)
          --format <hspis|pmrs>     the route's legacy format (default from --route's extension)
          --content-type <type>     the body's media type (default application/xml or application/json)
          --header "<Name: value>"  another header the route needs; repeat for several
          --oversize-bytes <n>      the oversized body's size (default 17825792, above every route limit)
          --timeout-ms <n>          the time one exchange may take (default 60000)
          --junit <file>            write JUnit XML
          --markdown <file>         write the Markdown report

        Exit code: 0 conformant, 1 a check failed or could not run, 2 bad usage or setup.
        """;

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            throw new ArgumentException("No command.");
        }

        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var all = new List<KeyValuePair<string, string>>();
        for (var i = 1; i < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"Expected --name value, found '{args[i]}'.");
            }

            options[args[i][2..]] = args[i + 1];
            all.Add(new(args[i][2..], args[i + 1]));
        }

        return new CommandLine(args[0], options, all);
    }

    /// <summary>Every value of an option that may be repeated (<c>--header</c>), in order.</summary>
    public IReadOnlyList<string> All(string name) => [.. _all.Where(o => o.Key == name).Select(o => o.Value)];

    public string? Get(string name) => _options.GetValueOrDefault(name);

    public string Required(string name) => Get(name) ?? throw new ArgumentException($"--{name} is required.");

    public int? Number(string name) =>
        Get(name) is { } text
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"--{name} must be a whole number.")
            : null;
}
