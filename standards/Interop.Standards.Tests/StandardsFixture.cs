using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Interop.Standards.Tests;

/// <summary>The repository's standards, loaded once for every test class that shares it.</summary>
public sealed class StandardsFixture
{
    public StandardsFixture()
    {
        Catalog = StandardsCatalog.Load(new StandardsOptions { Root = StandardsRoot });
    }

    public static string StandardsRoot => Path.Combine(AppContext.BaseDirectory, "standards");

    public static string ExamplesFolder => Path.Combine(StandardsRoot, "examples");

    public StandardsCatalog Catalog { get; }

    public static T Example<T>(string name)
        where T : Resource =>
        (T)Parse(File.ReadAllText(Path.Combine(ExamplesFolder, name + ".json")));

    public static Resource Parse(string json) =>
        new FhirJsonDeserializer(new DeserializerSettings()).DeserializeResource(json);

    public static string ToJson(Resource resource) =>
        JsonSerializer.Serialize(resource, new JsonSerializerOptions().ForFhir());
}

[CollectionDefinition(Name)]
public sealed class StandardsCollection : ICollectionFixture<StandardsFixture>
{
    public const string Name = "standards";
}
