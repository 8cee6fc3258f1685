using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Interop.Contracts.Mapping;

namespace Interop.Conformance.Json;

/// <summary>
/// The readable JSON the goldens hold: a mapping (<c>expected.fhir.json</c>) and a legacy answer
/// (<c>expected.response.json</c>, or <c>HTTP &lt;status&gt; &lt;content type&gt;</c> then the body for any other extension).
/// </summary>
public static class MappingDescription
{
    /// <summary>How goldens are written: indented, non-ASCII kept readable.</summary>
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonSerializerOptions Fhir = new JsonSerializerOptions().ForFhir();

    /// <summary>The mapping as JSON: idempotency key, message errors, unmapped fields, items with errors and interactions.</summary>
    /// <param name="mapping">The mapping.</param>
    /// <param name="errorValues">Whether field errors show their <c>value</c>.</param>
    /// <returns>The JSON.</returns>
    public static JsonObject Mapping(InboundMapping mapping, bool errorValues = true) => new()
    {
        ["idempotencyKey"] = mapping.IdempotencyKey,
        ["messageErrors"] = Errors(mapping.MessageErrors, errorValues),
        ["unmappedFields"] = new JsonArray([.. mapping.UnmappedFields.Select(f => (JsonNode?)JsonValue.Create(f))]),
        ["items"] = new JsonArray([.. mapping.Items.Select(item => (JsonNode?)new JsonObject
        {
            ["key"] = item.Key,
            ["errors"] = Errors(item.Errors, errorValues),
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
                ["resource"] = i.Resource is null ? null : Resource(i.Resource),
            })]),
        })]),
    };

    /// <summary>A FHIR resource as JSON.</summary>
    /// <param name="resource">The resource.</param>
    /// <returns>The JSON.</returns>
    public static JsonNode Resource(Resource resource) => JsonNode.Parse(JsonSerializer.Serialize(resource, Fhir))!;

    /// <summary>A legacy answer as <c>expected.response.json</c> holds it: status, content type and the body as JSON.</summary>
    /// <param name="response">The answer.</param>
    /// <returns>The JSON, or <see langword="null"/> when the body is not JSON.</returns>
    public static JsonObject? JsonResponse(LegacyResponse response)
    {
        JsonNode? body;
        try
        {
            body = response.Body.IsEmpty ? null : JsonNode.Parse(response.Body.Span);
        }
        catch (JsonException)
        {
            return null;
        }

        return new JsonObject { ["status"] = response.StatusCode, ["contentType"] = response.ContentType, ["body"] = body };
    }

    /// <summary>A legacy answer as text: <c>HTTP &lt;status&gt; &lt;content type&gt;</c>, a newline, then the body.</summary>
    /// <param name="response">The answer.</param>
    /// <returns>The text, line endings normalized.</returns>
    public static string TextResponse(LegacyResponse response) =>
        Normalize($"HTTP {response.StatusCode} {response.ContentType}\n" + Encoding.UTF8.GetString(response.Body.Span));

    /// <summary>Text with LF line endings and one final newline, as goldens are compared.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The normalized text.</returns>
    public static string Normalize(string text) => text.ReplaceLineEndings("\n").TrimEnd() + "\n";

    private static JsonArray Errors(IEnumerable<FieldError> errors, bool values) =>
        new([.. errors.Select(e =>
        {
            var error = new JsonObject { ["path"] = e.Path, ["code"] = e.Code, ["reason"] = e.Reason };
            if (values)
            {
                error["value"] = e.Value;
            }

            return (JsonNode?)error;
        })]);
}
