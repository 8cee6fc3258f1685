using System.Text;
using System.Text.Json.Nodes;
using Interop.Contracts.Mapping;

namespace Interop.Adapters.Pmrs.Tests.Support;

/// <summary>Writes a mapping and a legacy answer as readable JSON for the golden files, and reads golden answers.</summary>
public static class MappingJson
{
    public static JsonNode Mapping(InboundMapping mapping) => new JsonObject
    {
        ["idempotencyKey"] = mapping.IdempotencyKey,
        ["messageErrors"] = Errors(mapping.MessageErrors),
        ["unmappedFields"] = new JsonArray([.. mapping.UnmappedFields.Select(f => (JsonNode)f)]),
        ["items"] = new JsonArray([.. mapping.Items.Select(item => (JsonNode)new JsonObject
        {
            ["key"] = item.Key,
            ["errors"] = Errors(item.Errors),
            ["interactions"] = new JsonArray([.. item.Interactions.Select(i => (JsonNode)new JsonObject
            {
                ["purpose"] = i.Purpose,
                ["destination"] = i.Destination.ToString(),
                ["operator"] = i.Operator,
                ["verb"] = i.Verb.ToString().ToUpperInvariant(),
                ["url"] = i.Url,
                ["profile"] = i.Profile,
                ["policyInteraction"] = i.PolicyInteraction,
                ["dependsOn"] = new JsonArray([.. i.DependsOn.Select(d => (JsonNode)d)]),
                ["resource"] = i.Resource is null ? null : PmrsFixture.ToNode(i.Resource),
            })]),
        })]),
    };

    public static JsonNode Response(LegacyResponse response) => new JsonObject
    {
        ["status"] = response.StatusCode,
        ["contentType"] = response.ContentType,
        ["body"] = JsonNode.Parse(Encoding.UTF8.GetString(response.Body.Span)),
    };

    /// <summary>Golden answers.json: <c>[{"purpose", "status", "resource"}]</c>, spread over the item's outcome.</summary>
    public static IReadOnlyList<FhirAnswer> Answers(string json) =>
        [.. JsonNode.Parse(json)!.AsArray().Select(a => new FhirAnswer(
            a!["purpose"]!.GetValue<string>(),
            a["status"]!.GetValue<int>(),
            a["resource"] is { } resource ? PmrsFixture.ParseFhir(resource.ToJsonString()) : null))];

    private static JsonArray Errors(IEnumerable<FieldError> errors) =>
        new([.. errors.Select(e => (JsonNode)new JsonObject { ["path"] = e.Path, ["code"] = e.Code, ["reason"] = e.Reason })]);
}
