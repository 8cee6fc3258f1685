namespace Interop.Contracts.Mapping;

/// <summary>
/// The result of mapping one legacy request: either the message is refused as a whole
/// (<see cref="MessageErrors"/>), or it becomes one or more <see cref="Items"/> that each stand or fall alone
/// (a PMRS visit is one item; an H-SPIS claim batch is one item per claim).
/// </summary>
public sealed record InboundMapping
{
    /// <summary>Errors that stop the whole message (not well-formed, no header, wrong namespace).</summary>
    public IReadOnlyList<FieldError> MessageErrors { get; init; } = [];

    /// <summary>The items of the message, in message order.</summary>
    public IReadOnlyList<MappedItem> Items { get; init; } = [];

    /// <summary>
    /// The idempotency key of the message, when the legacy interface has one
    /// (H-SPIS <c>MessageId</c>; PMRS <c>visit.code</c> + <c>submission</c>). A repeated key with the same body is a retry.
    /// </summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Legacy fields present in the request that the adapter does not map (paths, never values).</summary>
    public IReadOnlyList<string> UnmappedFields { get; init; } = [];

    /// <summary>Whether the message as a whole can go on (no <see cref="MessageErrors"/>).</summary>
    public bool IsAccepted => MessageErrors.Count == 0;

    /// <summary>A mapping that refuses the whole message.</summary>
    /// <param name="errors">Every message-level error found; at least one.</param>
    /// <returns>The refusing mapping.</returns>
    public static InboundMapping Refused(params FieldError[] errors)
    {
        ArgumentOutOfRangeException.ThrowIfZero(errors.Length);
        return new InboundMapping { MessageErrors = errors };
    }
}

/// <summary>One unit of a legacy message that stands or falls alone.</summary>
public sealed record MappedItem
{
    /// <summary>How the caller names the item (<c>V120101-25-000193</c>, <c>Claim[2]</c>).</summary>
    public required string Key { get; init; }

    /// <summary>The FHIR interactions that carry out the item, in dependency order.</summary>
    public IReadOnlyList<FhirInteraction> Interactions { get; init; } = [];

    /// <summary>Every field error found in the item (not only the first). Non-empty: the item is refused.</summary>
    public IReadOnlyList<FieldError> Errors { get; init; } = [];

    /// <summary>Whether the item can go on.</summary>
    public bool IsAccepted => Errors.Count == 0;
}
