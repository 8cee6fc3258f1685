using Hl7.Fhir.Model;

namespace Interop.Standards.Tests.Validation;

[Collection(StandardsCollection.Name)]
public sealed class ExampleValidationTests(StandardsFixture fixture)
{
    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(StandardsFixture.ExamplesFolder, "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Validate_ConformingExample_HasNoIssues(string example)
    {
        var json = File.ReadAllText(Path.Combine(StandardsFixture.ExamplesFolder, example + ".json"));

        var parsed = fixture.Catalog.Validator.ParseAndValidate(json);

        Assert.Empty(parsed.Report.Issues.Select(i => $"{i.Severity} {i.Rule} {i.Path}: {i.Message}"));
        Assert.NotNull(parsed.Report.Profile);
    }

    [Fact]
    public void Examples_CoverEveryProfile()
    {
        var profiles = fixture.Catalog.Artifacts
            .Select(a => a.Resource)
            .OfType<StructureDefinition>()
            .Where(sd => sd.Type != "Extension")
            .Select(sd => sd.Url!);
        var claimed = Directory.EnumerateFiles(StandardsFixture.ExamplesFolder, "*.json")
            .Select(f => StandardsFixture.Parse(File.ReadAllText(f)))
            .SelectMany(r => r.Meta?.Profile ?? [])
            .ToHashSet();

        Assert.All(profiles.Where(p => !p!.EndsWith("/kh-claim", StringComparison.Ordinal)), p => Assert.Contains(p, claimed));
    }
}
