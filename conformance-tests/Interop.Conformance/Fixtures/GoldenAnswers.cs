using System.Globalization;
using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Interop.Contracts.Mapping;

namespace Interop.Conformance.Fixtures;

/// <summary>
/// A golden case's <c>answers.json</c>, in one of two forms:
/// an array of answers (<c>purpose</c>, <c>status</c>, <c>resource</c>) given to every accepted item as written; or an object
/// <c>{"receivedAt": ..., "items": {"&lt;item key&gt;": [answers]}}</c> where a 2xx answer without a resource echoes the
/// resource that was sent (the upstream stored it).
/// </summary>
public sealed class GoldenAnswers
{
    private static readonly FhirJsonDeserializer Deserializer = new(new DeserializerSettings());

    private readonly JsonArray? _forEveryItem;
    private readonly JsonObject? _byItem;

    private GoldenAnswers(JsonArray? forEveryItem, JsonObject? byItem, DateTimeOffset? receivedAt)
    {
        _forEveryItem = forEveryItem;
        _byItem = byItem;
        ReceivedAt = receivedAt;
    }

    /// <summary>No answers: every item gets none (a refused request).</summary>
    public static GoldenAnswers None { get; } = new(new JsonArray(), null, null);

    /// <summary>When the request of the answered exchange was received, if the file says (it changes what the answer shows).</summary>
    public DateTimeOffset? ReceivedAt { get; }

    /// <summary>Reads a case's answers, or <see cref="None"/> when it has no <c>answers.json</c>.</summary>
    /// <param name="case">The case.</param>
    /// <returns>The answers.</returns>
    public static GoldenAnswers Read(FixtureCase @case)
    {
        if (@case.File("answers.json") is not { } file)
        {
            return None;
        }

        var node = JsonNode.Parse(File.ReadAllText(file));
        return node switch
        {
            JsonArray array => new GoldenAnswers(array, null, null),
            JsonObject { } obj when obj["items"] is JsonObject items => new GoldenAnswers(
                null,
                items,
                obj["receivedAt"] is { } at ? DateTimeOffset.Parse(at.GetValue<string>(), CultureInfo.InvariantCulture) : null),
            _ => throw new FixtureException($"{file}: expected an array of answers or an object with 'items'."),
        };
    }

    /// <summary>The exchange the gateway would hand back: each accepted item with its answers, refused items with none.</summary>
    /// <param name="request">The request.</param>
    /// <param name="mapping">Its mapping.</param>
    /// <returns>The exchange.</returns>
    public FhirExchange Exchange(LegacyRequest request, InboundMapping mapping) => new()
    {
        Request = request,
        Mapping = mapping,
        Outcomes = [.. mapping.Items.Select(item => new ItemOutcome { Item = item, Answers = item.IsAccepted ? For(item) : [] })],
    };

    private List<FhirAnswer> For(MappedItem item)
    {
        if (_forEveryItem is not null)
        {
            return [.. _forEveryItem.Select(a => Answer(a!, echo: null))];
        }

        return _byItem![item.Key] is JsonArray answers ? [.. answers.Select(a => Answer(a!, item))] : [];
    }

    private static FhirAnswer Answer(JsonNode answer, MappedItem? echo)
    {
        var purpose = answer["purpose"]?.GetValue<string>() ?? throw new FixtureException("An answer has no 'purpose'.");
        var status = answer["status"]?.GetValue<int>() ?? throw new FixtureException($"The answer for '{purpose}' has no 'status'.");
        Resource? resource = answer["resource"] is { } json
            ? Deserializer.DeserializeResource(json.ToJsonString())
            : status is >= 200 and < 300 ? echo?.Interactions.FirstOrDefault(i => i.Purpose == purpose)?.Resource : null;
        return new FhirAnswer(purpose, status, resource);
    }
}
