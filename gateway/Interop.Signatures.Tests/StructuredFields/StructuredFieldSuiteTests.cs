using System.Text.Json;
using Interop.Signatures.StructuredFields;

namespace Interop.Signatures.Tests.StructuredFields;

/// <summary>Every case of the HTTP WG structured field test suite (parse files and serialisation-tests).</summary>
public sealed class StructuredFieldSuiteTests
{
    public static TheoryData<string, int, string> ParseCases => StructuredFieldVectors.Cases(serialisationTests: false);

    public static TheoryData<string, int, string> SerialisationCases => StructuredFieldVectors.Cases(serialisationTests: true);

    [Theory]
    [MemberData(nameof(ParseCases))]
    public void Parse_SuiteCase_BehavesAsTheSuiteExpects(string file, int index, string name)
    {
        var test = StructuredFieldVectors.Load(file)[index];
        var headerType = test.GetProperty("header_type").GetString()!;
        var raw = StructuredFieldVectors.JoinLines(test.GetProperty("raw"));
        var mustFail = StructuredFieldVectors.Flag(test, "must_fail");
        var canFail = StructuredFieldVectors.Flag(test, "can_fail");

        var (parsed, error) = Parse(headerType, raw);

        if (mustFail)
        {
            Assert.True(parsed is null, $"{name}: must fail, but parsed");
            Assert.NotNull(error);
            return;
        }

        if (parsed is null)
        {
            Assert.True(canFail, $"{name}: failed with {error}");
            return;
        }

        var expected = StructuredFieldVectors.ToModel(headerType, test.GetProperty("expected"));
        Assert.Equal(StructuredFieldVectors.Describe(expected), StructuredFieldVectors.Describe(parsed));

        var canonical = test.TryGetProperty("canonical", out var c) ? StructuredFieldVectors.JoinLines(c) : raw;
        var serialized = Serialize(parsed);
        Assert.True(serialized.IsSuccess, $"{name}: serialization failed: {serialized.Error}");
        Assert.Equal(canonical, serialized.Value);
    }

    [Theory]
    [MemberData(nameof(SerialisationCases))]
    public void Serialize_SuiteCase_BehavesAsTheSuiteExpects(string file, int index, string name)
    {
        var test = StructuredFieldVectors.Load(file)[index];
        var headerType = test.GetProperty("header_type").GetString()!;
        var model = StructuredFieldVectors.ToModel(headerType, test.GetProperty("expected"));

        var serialized = Serialize(model);

        if (StructuredFieldVectors.Flag(test, "must_fail"))
        {
            Assert.False(serialized.IsSuccess, $"{name}: must fail, but serialized to '{serialized.Value}'");
            return;
        }

        Assert.True(serialized.IsSuccess, $"{name}: {serialized.Error}");
        Assert.Equal(StructuredFieldVectors.JoinLines(test.GetProperty("canonical")), serialized.Value);
    }

    [Fact]
    public void Suite_AllFilesPresent_EveryParseAndSerialisationFileIsLoaded()
    {
        var files = ParseCases.Select(row => (string)row[0]).Concat(SerialisationCases.Select(row => (string)row[0])).Distinct().ToList();
        Assert.Contains("large-generated.json", files);
        Assert.Contains("key-generated.json", files);
        Assert.Contains(Path.Combine("serialisation-tests", "number.json"), files);
        Assert.Equal(24, files.Count);
    }

    private static (object? Value, ParseError? Error) Parse(string headerType, string raw) => headerType switch
    {
        "item" => Unpack(StructuredFieldParser.ParseItem(raw)),
        "list" => Unpack(StructuredFieldParser.ParseList(raw)),
        "dictionary" => Unpack(StructuredFieldParser.ParseDictionary(raw)),
        _ => throw new JsonException("unknown header type " + headerType),
    };

    private static (object? Value, ParseError? Error) Unpack<T>(ParseResult<T> result)
        where T : class => (result.Value, result.Error);

    private static SerializeResult Serialize(object value) => value switch
    {
        SfItem item => StructuredFieldSerializer.Serialize(item),
        SfList list => StructuredFieldSerializer.Serialize(list),
        SfDictionary dictionary => StructuredFieldSerializer.Serialize(dictionary),
        _ => throw new ArgumentException("not a field value", nameof(value)),
    };
}
