using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Interop.Adapters.Pmrs.Tests.Support;

/// <summary>
/// Golden files under <c>Golden/&lt;case&gt;/</c>: compared as JSON; rewritten in the source tree only when
/// <c>INTEROP_UPDATE_GOLDEN=1</c> is set (then review the diff like code).
/// </summary>
public static class GoldenFiles
{
    public static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string OutputFolder => Path.Combine(AppContext.BaseDirectory, "Golden");

    public static bool Updating => Environment.GetEnvironmentVariable("INTEROP_UPDATE_GOLDEN") == "1";

    public static IEnumerable<string> Cases() =>
        Directory.EnumerateDirectories(OutputFolder).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    public static string Read(string @case, string file) => File.ReadAllText(Path.Combine(OutputFolder, @case, file));

    public static bool Exists(string @case, string file) => File.Exists(Path.Combine(OutputFolder, @case, file));

    /// <summary>Compares <paramref name="actual"/> with the golden file, or rewrites it when updating.</summary>
    public static void Verify(string @case, string file, JsonNode actual)
    {
        var text = actual.ToJsonString(Indented).ReplaceLineEndings("\n") + "\n";
        if (Updating)
        {
            var source = Path.Combine(SourceFolder(), @case, file);
            File.WriteAllText(source, text);
            File.WriteAllText(Path.Combine(OutputFolder, @case, file), text);
            return;
        }

        Assert.True(Exists(@case, file), $"Golden/{@case}/{file} is missing: run the tests with INTEROP_UPDATE_GOLDEN=1 and review it.");
        var expected = JsonNode.Parse(Read(@case, file));
        Assert.True(JsonNode.DeepEquals(expected, actual), $"Golden/{@case}/{file} differs. Actual:\n{text}");
    }

    private static string SourceFolder()
    {
        var folder = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(folder, "Interop.sln")))
        {
            folder = Path.GetDirectoryName(folder) ?? throw new InvalidOperationException("Interop.sln not found above the test output.");
        }

        return Path.Combine(folder, "adapters", "Interop.Adapters.Pmrs.Tests", "Golden");
    }
}
