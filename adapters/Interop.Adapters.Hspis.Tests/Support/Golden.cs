using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Interop.Contracts.Mapping;

namespace Interop.Adapters.Hspis.Tests.Support;

/// <summary>
/// Golden files in the source tree (<c>Golden/&lt;case&gt;/</c>), compared as text and rewritten only when
/// <c>INTEROP_UPDATE_GOLDEN=1</c> is set: a changed mapping shows as a diff to review.
/// </summary>
public static class Golden
{
    public static readonly string Root = typeof(Golden).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "GoldenRoot").Value!;

    public static bool Updating => Environment.GetEnvironmentVariable("INTEROP_UPDATE_GOLDEN") == "1";

    private static readonly JsonSerializerOptions Fhir = new JsonSerializerOptions().ForFhir();

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IEnumerable<string> Cases() => Directory.GetDirectories(Root).Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    public static string Read(string @case, string file) => File.ReadAllText(Path.Combine(Root, @case, file));

    public static bool Exists(string @case, string file) => File.Exists(Path.Combine(Root, @case, file));

    /// <summary>Compares <paramref name="actual"/> with the golden file, or rewrites the file when updating.</summary>
    public static void Check(string @case, string file, string actual)
    {
        var path = Path.Combine(Root, @case, file);
        actual = actual.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd() + "\n";
        if (Updating)
        {
            File.WriteAllText(path, actual, new UTF8Encoding(false));
            return;
        }

        Assert.True(File.Exists(path), $"{@case}/{file} is missing; run the tests with INTEROP_UPDATE_GOLDEN=1 and review it.");
        var expected = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd() + "\n";
        Assert.Equal(expected, actual);
    }

    /// <summary>The mapping as reviewed JSON: every interaction with its resource, every error, the unmapped fields.</summary>
    public static string Describe(InboundMapping mapping)
    {
        var root = new JsonObject
        {
            ["idempotencyKey"] = mapping.IdempotencyKey,
            ["messageErrors"] = Errors(mapping.MessageErrors),
            ["unmappedFields"] = new JsonArray([.. mapping.UnmappedFields.Select(f => (JsonNode?)JsonValue.Create(f))]),
            ["items"] = new JsonArray([.. mapping.Items.Select(item => (JsonNode?)new JsonObject
            {
                ["key"] = item.Key,
                ["errors"] = Errors(item.Errors),
                ["interactions"] = new JsonArray([.. item.Interactions.Select(i => (JsonNode?)new JsonObject
                {
                    ["purpose"] = i.Purpose,
                    ["destination"] = i.Destination.ToString(),
                    ["operator"] = i.Operator,
                    ["verb"] = i.Verb.ToString().ToUpperInvariant(),
                    ["url"] = i.Url,
                    ["profile"] = i.Profile,
                    ["policyInteraction"] = i.PolicyInteraction,
                    ["dependsOn"] = new JsonArray([.. i.DependsOn.Select(d => (JsonNode?)JsonValue.Create(d))]),
                    ["resource"] = i.Resource is null ? null : JsonNode.Parse(JsonSerializer.Serialize(i.Resource, Fhir)),
                })]),
            })]),
        };
        return root.ToJsonString(Indented);
    }

    /// <summary>
    /// Reads <c>answers.json</c>: <c>receivedAt</c>, and per item key its answers (<c>purpose</c>, <c>status</c>, <c>resource</c>);
    /// a successful answer without a resource echoes the resource sent (the upstream stored it).
    /// </summary>
    public static (DateTimeOffset? ReceivedAt, Func<MappedItem, IReadOnlyList<FhirAnswer>> Answers) Answers(string @case)
    {
        var node = JsonNode.Parse(Read(@case, "answers.json"))!;
        DateTimeOffset? receivedAt = node["receivedAt"] is { } at ? DateTimeOffset.Parse(at.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) : null;
        var deserializer = new FhirJsonDeserializer(new DeserializerSettings());
        var items = node["items"]!.AsObject();
        return (receivedAt, item =>
        {
            if (items[item.Key] is not JsonArray answers)
            {
                return [];
            }

            return answers.Select(a =>
            {
                var purpose = a!["purpose"]!.GetValue<string>();
                var status = a["status"]!.GetValue<int>();
                var resource = a["resource"] is { } json
                    ? deserializer.DeserializeResource(json.ToJsonString())
                    : status is >= 200 and < 300 ? item.Interactions.FirstOrDefault(i => i.Purpose == purpose)?.Resource : null;
                return new FhirAnswer(purpose, status, resource);
            }).ToList();
        });
    }

    public static string ResponseText(LegacyResponse response) =>
        $"HTTP {response.StatusCode} {response.ContentType}\n" + Encoding.UTF8.GetString(response.Body.Span);

    private static JsonArray Errors(IEnumerable<FieldError> errors) =>
        new([.. errors.Select(e => (JsonNode?)new JsonObject { ["path"] = e.Path, ["code"] = e.Code, ["reason"] = e.Reason, ["value"] = e.Value })]);
}
