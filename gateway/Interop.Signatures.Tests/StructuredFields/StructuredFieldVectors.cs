using System.Globalization;
using System.Text;
using System.Text.Json;
using Interop.Signatures.StructuredFields;

namespace Interop.Signatures.Tests.StructuredFields;

/// <summary>Loads the HTTP WG structured field test suite and converts its JSON model to ours.</summary>
internal static class StructuredFieldVectors
{
    private static readonly Dictionary<string, JsonElement[]> Cache = [];

    public static string Directory => TestVectorFiles.PathOf("structured-fields");

    public static JsonElement[] Load(string relativeFile)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(relativeFile, out var tests))
            {
                using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, relativeFile)));
                tests = [.. document.RootElement.EnumerateArray().Select(e => e.Clone())];
                Cache[relativeFile] = tests;
            }

            return tests;
        }
    }

    public static TheoryData<string, int, string> Cases(bool serialisationTests)
    {
        var data = new TheoryData<string, int, string>();
        var folder = serialisationTests ? Path.Combine(Directory, "serialisation-tests") : Directory;
        foreach (var file in System.IO.Directory.GetFiles(folder, "*.json").OrderBy(f => f, StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(Directory, file);
            var tests = Load(relative);
            for (var i = 0; i < tests.Length; i++)
            {
                data.Add(relative, i, tests[i].GetProperty("name").GetString()!);
            }
        }

        return data;
    }

    public static bool Flag(JsonElement test, string name) =>
        test.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    /// <summary>A canonical, typed text of a parsed structure, so expected and actual compare as strings.</summary>
    public static string Describe(object value) => value switch
    {
        SfList list => "list[" + string.Join(", ", list.Select(Describe)) + "]",
        SfDictionary dictionary => "dict[" + string.Join(", ", dictionary.Select(e => e.Key + "=" + Describe(e.Value))) + "]",
        SfInnerList inner => "inner(" + string.Join(" ", inner.Items.Select(Describe)) + ")" + Describe(inner.Parameters),
        SfItem item => Describe(item.Value) + Describe(item.Parameters),
        SfParameters parameters => "{" + string.Join(",", parameters.Select(p => p.Key + ":" + Describe(p.Value))) + "}",
        SfBareItem bare => bare.Type switch
        {
            SfItemType.Integer => "int " + bare.AsInteger()!.Value.ToString(CultureInfo.InvariantCulture),
            SfItemType.Decimal => "dec " + bare.AsDecimal()!.Value.ToString("G29", CultureInfo.InvariantCulture),
            SfItemType.String => "str " + JsonSerializer.Serialize(bare.AsString()),
            SfItemType.Token => "tok " + bare.AsToken(),
            SfItemType.ByteSequence => "bin " + Convert.ToHexString(bare.AsByteSequence()!.Value.Span),
            SfItemType.Boolean => "bool " + bare.AsBoolean(),
            SfItemType.Date => "date " + bare.AsDate()!.Value.ToString(CultureInfo.InvariantCulture),
            SfItemType.DisplayString => "dstr " + JsonSerializer.Serialize(bare.AsDisplayString()),
            _ => "?",
        },
        _ => throw new ArgumentException("not a structured field value", nameof(value)),
    };

    public static object ToModel(string headerType, JsonElement expected) => headerType switch
    {
        "item" => ToItem(expected),
        "list" => new SfList(expected.EnumerateArray().Select(ToMember)),
        "dictionary" => ToDictionary(expected),
        _ => throw new ArgumentException("unknown header type " + headerType, nameof(headerType)),
    };

    private static SfDictionary ToDictionary(JsonElement expected)
    {
        var dictionary = new SfDictionary();
        foreach (var entry in expected.EnumerateArray())
        {
            dictionary.Set(entry[0].GetString()!, ToMember(entry[1]));
        }

        return dictionary;
    }

    private static SfMember ToMember(JsonElement member) =>
        member[0].ValueKind == JsonValueKind.Array
            ? new SfInnerList(member[0].EnumerateArray().Select(ToItem), ToParameters(member[1]))
            : ToItem(member);

    private static SfItem ToItem(JsonElement item) => new(ToBareItem(item[0]), ToParameters(item[1]));

    private static SfParameters ToParameters(JsonElement parameters)
    {
        var result = new SfParameters();
        foreach (var entry in parameters.EnumerateArray())
        {
            result.Set(entry[0].GetString()!, ToBareItem(entry[1]));
        }

        return result;
    }

    private static SfBareItem ToBareItem(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                var raw = value.GetRawText();
                return raw.Contains('.', StringComparison.Ordinal) || raw.Contains('e', StringComparison.OrdinalIgnoreCase)
                    ? SfBareItem.Decimal(decimal.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture))
                    : SfBareItem.Integer(value.GetInt64());
            case JsonValueKind.String:
                return SfBareItem.String(value.GetString()!);
            case JsonValueKind.True:
            case JsonValueKind.False:
                return SfBareItem.Boolean(value.GetBoolean());
            case JsonValueKind.Object:
                var type = value.GetProperty("__type").GetString();
                var inner = value.GetProperty("value");
                return type switch
                {
                    "token" => SfBareItem.Token(inner.GetString()!),
                    "binary" => SfBareItem.ByteSequence(Base32Decode(inner.GetString()!)),
                    "date" => SfBareItem.Date(inner.GetInt64()),
                    "displaystring" => SfBareItem.DisplayString(inner.GetString()!),
                    _ => throw new ArgumentException("unknown __type " + type, nameof(value)),
                };
            default:
                throw new ArgumentException("unexpected JSON " + value.ValueKind, nameof(value));
        }
    }

    private static byte[] Base32Decode(string text)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('='))
        {
            buffer = (buffer << 5) | Alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)((buffer >> bits) & 0xFF));
            }
        }

        return [.. bytes];
    }

    public static string JoinLines(JsonElement lines) =>
        string.Join(", ", lines.EnumerateArray().Select(l => l.GetString()!));

    public static string Utf8Safe(string text) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));
}
