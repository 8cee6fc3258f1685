using System.Text.Json;

namespace Interop.Conformance.Fixtures;

/// <summary>
/// A fixture folder: <c>golden/&lt;case&gt;/</c> and <c>negative/&lt;case&gt;/</c>, and an optional <c>fixtures.json</c>
/// that points elsewhere for either (existing golden folders of an adapter's own tests), declares upstream
/// references and suite-wide masks. See <c>conformance-tests/README.md</c> for the layout.
/// </summary>
public sealed class FixtureSet
{
    private FixtureSet(string root, FixtureSettings settings)
    {
        Root = root;
        Settings = settings;
        GoldenFolder = Path.GetFullPath(Path.Combine(root, settings.Golden));
        NegativeFolder = Path.GetFullPath(Path.Combine(root, settings.Negative));
    }

    /// <summary>The fixture folder.</summary>
    public string Root { get; }

    /// <summary>The settings of <c>fixtures.json</c> (defaults when the file is absent).</summary>
    public FixtureSettings Settings { get; }

    /// <summary>Where the golden cases are.</summary>
    public string GoldenFolder { get; }

    /// <summary>Where the negative cases are.</summary>
    public string NegativeFolder { get; }

    /// <summary>The golden cases, by name.</summary>
    public IReadOnlyList<FixtureCase> Golden => Cases(CaseKind.Golden, GoldenFolder);

    /// <summary>The negative cases, by name.</summary>
    public IReadOnlyList<FixtureCase> Negative => Cases(CaseKind.Negative, NegativeFolder);

    /// <summary>Opens a fixture folder.</summary>
    /// <param name="root">The folder.</param>
    /// <returns>The fixture set.</returns>
    /// <exception cref="FixtureException">The folder or its <c>fixtures.json</c> cannot be used.</exception>
    public static FixtureSet Open(string root)
    {
        root = Path.GetFullPath(root);
        if (!Directory.Exists(root))
        {
            throw new FixtureException($"The fixture folder {root} does not exist.");
        }

        var file = Path.Combine(root, "fixtures.json");
        var settings = File.Exists(file) ? FixtureJson.Read<FixtureSettings>(file) : new FixtureSettings();
        return new FixtureSet(root, settings);
    }

    private static List<FixtureCase> Cases(CaseKind kind, string folder) =>
        !Directory.Exists(folder)
            ? []
            : [.. Directory.GetDirectories(folder)
                .Order(StringComparer.Ordinal)
                .Select(d => new FixtureCase(kind, Path.GetFileName(d), d))];
}

/// <summary>The optional <c>fixtures.json</c> of a fixture folder.</summary>
public sealed record FixtureSettings
{
    /// <summary>The golden cases' folder, relative to the fixture folder. Default: <c>golden</c>.</summary>
    public string Golden { get; init; } = "golden";

    /// <summary>The negative cases' folder, relative to the fixture folder. Default: <c>negative</c>.</summary>
    public string Negative { get; init; } = "negative";

    /// <summary>
    /// References that resolve upstream rather than inside the mapping (<c>Organization/*</c>, <c>https://nssf.gov.kh/*</c>);
    /// <c>*</c> matches any run of characters. Default: none.
    /// </summary>
    public IReadOnlyList<string> UpstreamReferences { get; init; } = [];

    /// <summary>Masks applied to every golden comparison (see <see cref="Json.JsonMask"/>). Default: none.</summary>
    public IReadOnlyList<string> Masks { get; init; } = [];
}

/// <summary>Reads fixture JSON files (camelCase, comments and trailing commas allowed), naming the file on error.</summary>
internal static class FixtureJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static T Read<T>(string file)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(file), Options)
                ?? throw new FixtureException($"{file} is empty.");
        }
        catch (JsonException e)
        {
            throw new FixtureException($"{file} cannot be read: {e.Message}", e);
        }
    }
}
