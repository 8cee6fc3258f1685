namespace Interop.Registry.Storage;

/// <summary>A person: one SPID. A merged person keeps its row (SPIDs are never reused) and points to the survivor.</summary>
/// <param name="Spid">The SPID.</param>
/// <param name="ResourceId">The FHIR id of the registry's Patient (a digest of the SPID).</param>
/// <param name="MergedInto">The surviving SPID when this one was merged, else <see langword="null"/>.</param>
/// <param name="CreatedAt">When the SPID was issued.</param>
public sealed record PersonRow(string Spid, string ResourceId, string? MergedInto, DateTimeOffset CreatedAt);

/// <summary>
/// One registration of a person by a member, with the comparison features the matcher reads (normalized names,
/// sex, birth date, village, Khmer ID) and the Patient as received.
/// </summary>
public sealed record IdentityRecord
{
    public long Id { get; init; }

    public required string Spid { get; init; }

    public required string Member { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public string? KhmerFamily { get; init; }

    public string? KhmerGiven { get; init; }

    public string? LatinFamily { get; init; }

    public string? LatinGiven { get; init; }

    /// <summary>The family name's Latin letters before the romanization folds (typos are judged on them).</summary>
    public string? LatinFamilyLetters { get; init; }

    public string? LatinGivenLetters { get; init; }

    public string? Sex { get; init; }

    /// <summary><c>YYYY-MM-DD</c>, or <c>YYYY</c> when only the year is known.</summary>
    public string? BirthDate { get; init; }

    /// <summary>The 8-digit gazetteer village code.</summary>
    public string? Village { get; init; }

    public string? KhmerId { get; init; }

    /// <summary>SHA-256 of the Patient as received: a repeated registration adds no record.</summary>
    public required string ContentDigest { get; init; }

    /// <summary>The identity-only Patient as received (FHIR JSON).</summary>
    public required string ResourceJson { get; init; }
}

/// <summary>An identifier and the person holding it.</summary>
public sealed record StoredIdentifier(string System, string Value, string Spid, long RecordId, string Member);

/// <summary>One line of the append-only audit trail.</summary>
public sealed record AuditEntry(long Id, DateTimeOffset At, string Action, string Member, string Reason, string Spid, string? OtherSpid);

/// <summary>An audit line to write.</summary>
public sealed record AuditDraft(string Action, string Member, string Reason, string Spid, string? OtherSpid);

/// <summary>An uncertain pair kept for a person to decide.</summary>
public sealed record ReviewItem(long Id, string Spid, string CandidateSpid, double Weight, string FieldScoresJson, string Status, DateTimeOffset CreatedAt);

/// <summary>A review item to write.</summary>
public sealed record ReviewDraft(string Spid, string CandidateSpid, double Weight, string FieldScoresJson);

/// <summary>A notification waiting in (or delivered from) the outbox.</summary>
public sealed record OutboxMessage(long Id, string Receiver, string MessageId, string Payload, int Attempts, DateTimeOffset NextAttemptAt, DateTimeOffset? DeliveredAt);

/// <summary>A notification to enqueue: a FHIR message Bundle for one operator.</summary>
public sealed record OutboxDraft(string Receiver, string MessageId, string Payload);

/// <summary>Everything one registration writes, in one transaction.</summary>
/// <param name="NewPerson">The person to create (a new SPID), or <see langword="null"/> when the record joins an existing one.</param>
/// <param name="Record">The record (its <c>Id</c> is assigned by the store).</param>
/// <param name="Identifiers">The identifiers to attach to the record's person (system, value).</param>
/// <param name="BlockingKeys">The record's blocking keys (64-bit digests).</param>
/// <param name="Reviews">Uncertain pairs to queue.</param>
/// <param name="Audits">Audit lines.</param>
/// <param name="Outbox">Notifications.</param>
public sealed record RegistrationWrite(
    PersonRow? NewPerson,
    IdentityRecord Record,
    IReadOnlyList<(string System, string Value)> Identifiers,
    IReadOnlyList<long> BlockingKeys,
    IReadOnlyList<ReviewDraft> Reviews,
    IReadOnlyList<AuditDraft> Audits,
    IReadOnlyList<OutboxDraft> Outbox);
