using Hl7.Fhir.Model;

namespace Interop.Contracts.Mapping;

/// <summary>What came back for one <see cref="FhirInteraction"/>.</summary>
/// <param name="Purpose">The interaction's <see cref="FhirInteraction.Purpose"/>.</param>
/// <param name="Status">The HTTP status the receiver answered (0 when it could not be reached).</param>
/// <param name="Resource">The answer's resource (an <c>OperationOutcome</c> on failure), when there was one.</param>
public sealed record FhirAnswer(string Purpose, int Status, Resource? Resource)
{
    /// <summary>Whether the receiver answered with a 2xx status.</summary>
    public bool IsSuccess => Status is >= 200 and < 300;
}

/// <summary>The answers for one <see cref="MappedItem"/>, handed back to the adapter to build the legacy answer.</summary>
public sealed record ItemOutcome
{
    /// <summary>The item as mapped.</summary>
    public required MappedItem Item { get; init; }

    /// <summary>The answers, one per interaction that was sent (an item refused at mapping has none).</summary>
    public IReadOnlyList<FhirAnswer> Answers { get; init; } = [];

    /// <summary>
    /// Errors found after mapping (profile validation, policy, upstream refusal), in the caller's field terms
    /// where they can be traced back, otherwise naming the FHIR path.
    /// </summary>
    public IReadOnlyList<FieldError> Errors { get; init; } = [];

    /// <summary>The answer for a purpose, or <see langword="null"/>.</summary>
    /// <param name="purpose">The interaction's purpose.</param>
    /// <returns>The answer, if that interaction was sent.</returns>
    public FhirAnswer? AnswerFor(string purpose) => Answers.FirstOrDefault(a => a.Purpose == purpose);
}

/// <summary>A whole legacy message after the gateway ran its flow: the request, its mapping, and every item's outcome.</summary>
public sealed record FhirExchange
{
    /// <summary>The legacy request.</summary>
    public required LegacyRequest Request { get; init; }

    /// <summary>The mapping the adapter made of it.</summary>
    public required InboundMapping Mapping { get; init; }

    /// <summary>One outcome per <see cref="InboundMapping.Items"/> entry, same order.</summary>
    public required IReadOnlyList<ItemOutcome> Outcomes { get; init; }
}
