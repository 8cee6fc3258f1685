using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Interop.Contracts.Mapping;
using Interop.Registry.Matching;
using Interop.Registry.Notifications;
using Interop.Registry.Spids;
using Interop.Registry.Storage;

namespace Interop.Registry.Identity;

/// <summary>
/// The registry's operations on validated input: register (match, then issue or return a SPID), match, read,
/// cross-reference, link, unlink, merge and review. HTTP and FHIR validation are the API's business.
/// </summary>
public sealed partial class RegistryService(IRegistryStore store, IdentityMatcher matcher, TimeProvider clock, ILogger<RegistryService> logger)
{
    private const int MaxAttempts = 5;
    private const int MaxGroupSize = 64;

    private readonly SemaphoreSlim[] _stripes = [.. Enumerable.Range(0, 256).Select(_ => new SemaphoreSlim(1, 1))];

    /// <summary>The store.</summary>
    public IRegistryStore Store { get; } = store;

    /// <summary>The matcher.</summary>
    public IdentityMatcher Matcher { get; } = matcher;

    /// <summary>Registers a person: the same person if known (by identifier, or by the weights), else a new SPID.</summary>
    /// <param name="patient">An identity-only Patient, already validated.</param>
    /// <param name="member">The registering member.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The result, or a refusal (an unknown SPID).</returns>
    public async Task<(RegistrationResult? Result, Refusal? Refusal)> RegisterAsync(Patient patient, string member, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patient);

        // Two registrations of the same person (sharing a blocking key) match and write one after the other, so the
        // second finds the first; registrations of different people proceed in parallel. Identifiers are also guarded
        // by the store's unique key.
        var stripes = BlockingKeys.For(PatientFeatures.From(patient, member, clock.GetUtcNow()))
            .Select(k => (int)((ulong)k % (ulong)_stripes.Length)).Distinct().Order().ToList();
        var held = 0;
        try
        {
            foreach (var stripe in stripes)
            {
                await _stripes[stripe].WaitAsync(cancellationToken);
                held++; // a caller gone while waiting releases only what it took
            }

            // Other registry processes on the same database take the same stripes.
            await using var shared = await Store.LockRegistrationsAsync(stripes, cancellationToken);
            return await RegisterWithRetriesAsync(patient, member, cancellationToken);
        }
        finally
        {
            foreach (var stripe in stripes.Take(held))
            {
                _stripes[stripe].Release();
            }
        }
    }

    private async Task<(RegistrationResult? Result, Refusal? Refusal)> RegisterWithRetriesAsync(Patient patient, string member, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RegisterOnceAsync(patient, member, cancellationToken);
            }
            catch (RegistryConflictException e) when (attempt < MaxAttempts)
            {
                // A SPID drawn twice gets a fresh draw; an identifier registered meanwhile gets a fresh match.
                LogRetry(logger, e.SpidTaken ? "spid-collision" : "identifier-race", attempt);
            }
        }
    }

    private async Task<(RegistrationResult? Result, Refusal? Refusal)> RegisterOnceAsync(Patient patient, string member, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var probe = PatientFeatures.From(patient, member, now);
        var identifiers = patient.Identifier.Where(i => i.System != RegistryIdentifiers.Spid).Select(i => (System: i.System ?? string.Empty, Value: i.Value ?? string.Empty)).Distinct().ToList();

        var (deterministic, refusal) = await DeterministicAsync(patient, probe, cancellationToken);
        if (refusal is not null)
        {
            return (null, refusal);
        }

        RegistrationOutcome outcome;
        List<MatchCandidate> candidates;
        if (deterministic.Count > 0)
        {
            var groups = await DistinctGroupsAsync(deterministic.Select(c => c.Spid), cancellationToken);
            var confirmed = deterministic.All(c => c.Score.Weight >= Matcher.Options.IdentifierConflictThreshold && !c.Score.KhmerIdConflict);
            outcome = groups == 1 && confirmed ? RegistrationOutcome.Existing : RegistrationOutcome.PossibleDuplicate;
            candidates = deterministic;
        }
        else
        {
            candidates = [.. (await ProbabilisticAsync(probe, cancellationToken)).Where(c => c.Score.Weight >= Matcher.Options.ReviewThreshold)];
            var linking = candidates.Where(c => c.Score.Weight >= Matcher.Options.LinkThreshold).ToList();
            outcome = linking.Count > 0 && await DistinctGroupsAsync(linking.Select(c => c.Spid), cancellationToken) == 1 ? RegistrationOutcome.Existing
                : candidates.Count > 0 ? RegistrationOutcome.PossibleDuplicate
                : RegistrationOutcome.New;
            if (outcome == RegistrationOutcome.Existing)
            {
                candidates = [linking.MaxBy(c => c.Score.Weight)!];
            }
        }

        if (outcome == RegistrationOutcome.Existing)
        {
            var spid = candidates.MaxBy(c => c.Score.Weight)!.Spid;
            if (await Store.HasRecordDigestAsync(spid, probe.ContentDigest, cancellationToken))
            {
                return (new RegistrationResult(outcome, spid, candidates), null);
            }

            var held = await Store.GetIdentifiersAsync([spid], cancellationToken);
            var fresh = identifiers.Where(i => !held.Any(h => h.System == i.System && h.Value == i.Value)).ToList();
            var record = probe with { Spid = spid };
            var notices = fresh.Count == 0 ? [] : NotificationBuilder.For("link", [spid], held, now, exceptMember: member);
            await Store.RegisterAsync(new RegistrationWrite(null, record, fresh, BlockingKeys.For(record), [], [], notices), cancellationToken);
            LogRegistered(logger, Digest(spid), "existing", candidates.Count);
            return (new RegistrationResult(outcome, spid, candidates), null);
        }

        var newSpid = Spid.NewRandom();
        var person = new PersonRow(newSpid, ResourceIdFor(newSpid), null, now);
        var newRecord = probe with { Spid = newSpid };
        var taken = new List<(string System, string Value)>();
        foreach (var identifier in identifiers)
        {
            if (await Store.FindIdentifierAsync(identifier.System, identifier.Value, cancellationToken) is { } held)
            {
                if (!deterministic.Any(d => d.Spid == held.Spid))
                {
                    // Registered by a concurrent request since this one matched: match again.
                    throw new RegistryConflictException("An identifier was registered concurrently.");
                }

                // An identifier held by another person, in conflict: it stays with its holder until review decides.
                taken.Add(identifier);
            }
        }

        var reviews = candidates.Select(c => new ReviewDraft(newSpid, c.Spid, c.Score.Weight, JsonSerializer.Serialize(c.Score.Fields, ScoreJson))).ToList();
        await Store.RegisterAsync(new RegistrationWrite(person, newRecord, identifiers.Except(taken).ToList(), BlockingKeys.For(newRecord), reviews, [], []), cancellationToken);
        LogRegistered(logger, Digest(newSpid), outcome == RegistrationOutcome.New ? "new" : "possible-duplicate", candidates.Count);
        return (new RegistrationResult(outcome, newSpid, candidates), null);
    }

    /// <summary>The persons a Patient may be, best first (at or above the review threshold, or holding one of its identifiers).</summary>
    /// <param name="patient">The probe (any identity elements).</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The candidates.</returns>
    public async Task<IReadOnlyList<MatchCandidate>> MatchAsync(Patient patient, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patient);
        var probe = PatientFeatures.From(patient, RegistryIdentifiers.RegistryMember, clock.GetUtcNow());
        var (deterministic, _) = await DeterministicAsync(patient, probe, cancellationToken);
        var probabilistic = await ProbabilisticAsync(probe, cancellationToken);
        return deterministic
            .Concat(probabilistic.Where(p => p.Score.Weight >= Matcher.Options.ReviewThreshold && deterministic.All(d => d.Spid != p.Spid)))
            .OrderByDescending(c => c.Certain)
            .ThenByDescending(c => c.Score.Weight)
            .ToList();
    }

    /// <summary>A person by SPID; a merged SPID resolves to the survivor.</summary>
    public async Task<PersonRow?> ResolveAsync(string spid, CancellationToken cancellationToken = default)
    {
        var person = await Store.FindPersonAsync(spid, cancellationToken);
        return person?.MergedInto is { } survivor ? await Store.FindPersonAsync(survivor, cancellationToken) : person;
    }

    /// <summary>A person by Patient id.</summary>
    public Task<PersonRow?> FindByResourceIdAsync(string id, CancellationToken cancellationToken = default) => Store.FindPersonByResourceIdAsync(id, cancellationToken);

    /// <summary>The holder of an identifier (the SPID system included).</summary>
    public async Task<PersonRow?> FindByIdentifierAsync(string system, string value, CancellationToken cancellationToken = default)
    {
        if (system == RegistryIdentifiers.Spid)
        {
            return await ResolveAsync(value, cancellationToken);
        }

        return await Store.FindIdentifierAsync(system, value, cancellationToken) is { } held ? await ResolveAsync(held.Spid, cancellationToken) : null;
    }

    /// <summary>The registry's Patient of a person.</summary>
    public async Task<Patient> GetPatientAsync(PersonRow person, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(person);
        var records = await Store.GetRecordsAsync(person.Spid, cancellationToken);
        var identifiers = await Store.GetIdentifiersAsync([person.Spid], cancellationToken);
        var merged = await Store.GetMergedSpidsAsync(person.Spid, cancellationToken);
        var links = await Store.GetLinksAsync(person.Spid, cancellationToken);
        return PersonView.Build(person, records, identifiers, merged, links);
    }

    /// <summary>Every identifier of the person and of the persons linked to it, SPIDs included.</summary>
    public async Task<IReadOnlyList<(string System, string Value)>> CrossReferenceAsync(PersonRow person, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(person);
        var group = await GroupAsync(person.Spid, cancellationToken);
        var identifiers = await Store.GetIdentifiersAsync(group, cancellationToken);
        return group.Select(s => (RegistryIdentifiers.Spid, s)).Concat(identifiers.Select(i => (i.System, i.Value))).Distinct().ToList();
    }

    /// <summary>Declares two persons the same (both SPIDs kept, cross-referenced).</summary>
    public async Task<Refusal?> LinkAsync(string spid, string otherSpid, string reason, string member, CancellationToken cancellationToken = default)
    {
        var (a, b, refusal) = await TwoActiveAsync(spid, otherSpid, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var notices = await NoticesAsync("link", [a!.Spid, b!.Spid], cancellationToken);
        await Store.LinkAsync(a.Spid, b.Spid, new AuditDraft("link", member, reason, a.Spid, b.Spid), notices, cancellationToken);
        LogChanged(logger, "link", Digest(a.Spid), Digest(b.Spid));
        return null;
    }

    /// <summary>Removes the link of two persons.</summary>
    public async Task<Refusal?> UnlinkAsync(string spid, string otherSpid, string reason, string member, CancellationToken cancellationToken = default)
    {
        var (a, b, refusal) = await TwoActiveAsync(spid, otherSpid, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        if (!(await Store.GetLinksAsync(a!.Spid, cancellationToken)).Contains(b!.Spid))
        {
            return new Refusal(StatusCodes.Status409Conflict, "These two persons are not linked.", "Parameters.parameter[1]");
        }

        var notices = await NoticesAsync("unlink", [a.Spid, b.Spid], cancellationToken);
        await Store.UnlinkAsync(a.Spid, b.Spid, new AuditDraft("unlink", member, reason, a.Spid, b.Spid), notices, cancellationToken);
        LogChanged(logger, "unlink", Digest(a.Spid), Digest(b.Spid));
        return null;
    }

    /// <summary>Merges one person into another: the source SPID resolves to the target from now on.</summary>
    public async Task<Refusal?> MergeAsync(string source, string target, string reason, string member, CancellationToken cancellationToken = default)
    {
        var (a, b, refusal) = await TwoActiveAsync(source, target, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var notices = await NoticesAsync("merge", [b!.Spid, a!.Spid], cancellationToken);
        await Store.MergeAsync(a.Spid, b.Spid, new AuditDraft("merge", member, reason, a.Spid, b.Spid), notices, cancellationToken);
        LogChanged(logger, "merge", Digest(a.Spid), Digest(b.Spid));
        return null;
    }

    /// <summary>Closes a review item: the same person (linked) or different people (never offered again).</summary>
    public async Task<Refusal?> ResolveReviewAsync(long id, bool samePerson, string reason, string member, CancellationToken cancellationToken = default)
    {
        var item = await Store.FindReviewAsync(id, cancellationToken);
        if (item is null)
        {
            return new Refusal(StatusCodes.Status404NotFound, $"No review item {id}.", "Parameters.parameter[0]");
        }

        var notices = samePerson ? await NoticesAsync("link", [item.Spid, item.CandidateSpid], cancellationToken) : [];
        var audit = new AuditDraft(samePerson ? "review-same-person" : "review-different-people", member, reason, item.Spid, item.CandidateSpid);
        return await Store.ResolveReviewAsync(id, samePerson, audit, notices, cancellationToken)
            ? null
            : new Refusal(StatusCodes.Status409Conflict, $"Review item {id} is already resolved.", "Parameters.parameter[0]");
    }

    /// <summary>The open review items with the names of their fields.</summary>
    public Task<IReadOnlyList<ReviewItem>> ListReviewsAsync(int limit, CancellationToken cancellationToken = default) => Store.ListOpenReviewsAsync(limit, cancellationToken);

    internal static string ResourceIdFor(string spid) => DeterministicId.For("pat", RegistryIdentifiers.Spid, spid);

    /// <summary>A digest of a SPID for logs: never the SPID itself.</summary>
    internal static string Digest(string spid) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(spid)).AsSpan(0, 6));

    internal static readonly JsonSerializerOptions ScoreJson = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) } };

    private async Task<(List<MatchCandidate> Candidates, Refusal? Refusal)> DeterministicAsync(Patient patient, IdentityRecord probe, CancellationToken cancellationToken)
    {
        var holders = new List<PersonRow>();
        for (var i = 0; i < patient.Identifier.Count; i++)
        {
            var identifier = patient.Identifier[i];
            if (identifier.System != RegistryIdentifiers.Spid)
            {
                continue;
            }

            var holder = await ResolveAsync(identifier.Value ?? string.Empty, cancellationToken);
            if (holder is null)
            {
                return ([], new Refusal(StatusCodes.Status422UnprocessableEntity, "This SPID was never issued by the registry.", $"Patient.identifier[{i}]"));
            }

            if (holders.All(h => h.Spid != holder.Spid))
            {
                holders.Add(holder);
            }
        }

        // Scheme identifiers in one query; a merge re-points identifiers, so their holders are surviving SPIDs.
        var schemeIdentifiers = patient.Identifier.Where(i => i.System != RegistryIdentifiers.Spid).Select(i => (i.System ?? string.Empty, i.Value ?? string.Empty)).Distinct().ToList();
        foreach (var held in await Store.FindIdentifiersAsync(schemeIdentifiers, cancellationToken))
        {
            if (holders.All(h => h.Spid != held.Spid))
            {
                holders.Add(new PersonRow(held.Spid, ResourceIdFor(held.Spid), null, default));
            }
        }

        var candidates = new List<MatchCandidate>();
        foreach (var holder in holders)
        {
            candidates.Add(new MatchCandidate(holder.Spid, holder.ResourceId, await BestScoreAsync(probe, holder.Spid, cancellationToken), Certain: true));
        }

        return (candidates, null);
    }

    private async Task<IReadOnlyList<MatchCandidate>> ProbabilisticAsync(IdentityRecord probe, CancellationToken cancellationToken)
    {
        var records = await Store.FindCandidatesAsync(BlockingKeys.For(probe), Matcher.Options.CandidatesPerKey, cancellationToken);
        var best = new Dictionary<string, PairScore>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            var score = Matcher.Score(probe, record);
            if (!best.TryGetValue(record.Spid, out var current) || score.Weight > current.Weight)
            {
                best[record.Spid] = score;
            }
        }

        return best
            .OrderByDescending(p => p.Value.Weight)
            .Select(p => new MatchCandidate(p.Key, ResourceIdFor(p.Key), p.Value, Certain: false))
            .ToList();
    }

    private async Task<PairScore> BestScoreAsync(IdentityRecord probe, string spid, CancellationToken cancellationToken)
    {
        var records = await Store.GetRecordFeaturesAsync(spid, cancellationToken);
        return records.Select(r => Matcher.Score(probe, r)).MaxBy(s => s.Weight) ?? new PairScore(0, [], false);
    }

    /// <summary>How many distinct people (groups of linked SPIDs) the SPIDs are.</summary>
    private async Task<int> DistinctGroupsAsync(IEnumerable<string> spids, CancellationToken cancellationToken)
    {
        var remaining = spids.Distinct(StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        var groups = 0;
        while (remaining.Count > 0)
        {
            var first = remaining.First();
            var group = await GroupAsync(first, cancellationToken);
            remaining.ExceptWith(group);
            remaining.Remove(first);
            groups++;
        }

        return groups;
    }

    /// <summary>The person and every person linked to it, transitively (bounded).</summary>
    private async Task<IReadOnlyList<string>> GroupAsync(string spid, CancellationToken cancellationToken)
    {
        var seen = new List<string> { spid };
        for (var i = 0; i < seen.Count && seen.Count < MaxGroupSize; i++)
        {
            foreach (var linked in await Store.GetLinksAsync(seen[i], cancellationToken))
            {
                if (!seen.Contains(linked))
                {
                    seen.Add(linked);
                }
            }
        }

        return seen;
    }

    private async Task<IReadOnlyList<OutboxDraft>> NoticesAsync(string eventCode, IReadOnlyList<string> spids, CancellationToken cancellationToken) =>
        NotificationBuilder.For(eventCode, spids, await Store.GetIdentifiersAsync(spids.ToList(), cancellationToken), clock.GetUtcNow());

    private async Task<(PersonRow? A, PersonRow? B, Refusal? Refusal)> TwoActiveAsync(string spid, string otherSpid, CancellationToken cancellationToken)
    {
        var a = await Store.FindPersonAsync(spid, cancellationToken);
        var b = await Store.FindPersonAsync(otherSpid, cancellationToken);
        if (a is null || b is null)
        {
            return (null, null, new Refusal(StatusCodes.Status404NotFound, "No person has this SPID.", a is null ? "Parameters.parameter[0]" : "Parameters.parameter[1]"));
        }

        if (a.MergedInto is not null || b.MergedInto is not null)
        {
            return (null, null, new Refusal(StatusCodes.Status409Conflict, "This SPID was merged into another; use the surviving SPID.", a.MergedInto is not null ? "Parameters.parameter[0]" : "Parameters.parameter[1]"));
        }

        return a.Spid == b.Spid
            ? (null, null, new Refusal(StatusCodes.Status422UnprocessableEntity, "Both SPIDs are the same person already.", "Parameters.parameter[1]"))
            : (a, b, null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered {SpidDigest} as {Outcome} ({Candidates} candidates)")]
    private static partial void LogRegistered(ILogger logger, string spidDigest, string outcome, int candidates);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Action} of {SpidDigest} and {OtherSpidDigest}")]
    private static partial void LogChanged(ILogger logger, string action, string spidDigest, string otherSpidDigest);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registration retried after a {Conflict} (attempt {Attempt})")]
    private static partial void LogRetry(ILogger logger, string conflict, int attempt);
}
