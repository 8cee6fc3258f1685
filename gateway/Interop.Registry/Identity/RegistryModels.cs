using Interop.Registry.Matching;

namespace Interop.Registry.Identity;

/// <summary>What a registration found.</summary>
public enum RegistrationOutcome
{
    /// <summary>Nobody like this was known: a new SPID.</summary>
    New,

    /// <summary>The person was known: their SPID.</summary>
    Existing,

    /// <summary>Uncertain: a new SPID, and the pairs queued for review.</summary>
    PossibleDuplicate,
}

/// <summary>A person a probe may be.</summary>
/// <param name="Spid">The person's SPID.</param>
/// <param name="ResourceId">The id of the person's Patient.</param>
/// <param name="Score">The best comparison with one of the person's records.</param>
/// <param name="Certain">Found by a shared identifier (deterministic), not by the weights.</param>
public sealed record MatchCandidate(string Spid, string ResourceId, PairScore Score, bool Certain);

/// <summary>The result of a registration.</summary>
/// <param name="Outcome">New, existing or possible duplicate.</param>
/// <param name="Spid">The SPID of the registered person.</param>
/// <param name="Candidates">For a possible duplicate: the persons it may be; for an existing person: the match that found it.</param>
public sealed record RegistrationResult(RegistrationOutcome Outcome, string Spid, IReadOnlyList<MatchCandidate> Candidates);

/// <summary>Why an operation was refused: what to say, and which element of the request it concerns.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Message">For a person.</param>
/// <param name="Expression">The element (FHIRPath).</param>
public sealed record Refusal(int Status, string Message, string? Expression);
