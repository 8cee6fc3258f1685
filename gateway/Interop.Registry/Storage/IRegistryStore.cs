namespace Interop.Registry.Storage;

/// <summary>
/// Where the registry keeps persons, records, identifiers, blocking keys, links, the review queue, the audit trail
/// and the notification outbox. SQLite and PostgreSQL implement it with the same behaviour (one test suite runs on both).
/// Every write method is one transaction.
/// </summary>
public interface IRegistryStore : IAsyncDisposable
{
    /// <summary>Creates the tables and indexes when missing.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Holds registration locks across every process sharing the database (PostgreSQL advisory locks; nothing to do
    /// for embedded SQLite, which one process owns), until disposed.
    /// </summary>
    /// <param name="stripes">The lock stripes, in ascending order (so two holders never wait on each other in a cycle).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The held locks; dispose to release.</returns>
    Task<IAsyncDisposable> LockRegistrationsAsync(IReadOnlyList<int> stripes, CancellationToken cancellationToken = default);

    /// <summary>Writes a registration.</summary>
    /// <returns>The new record's id.</returns>
    /// <exception cref="RegistryConflictException">The SPID or an identifier is already taken; nothing was written.</exception>
    Task<long> RegisterAsync(RegistrationWrite write, CancellationToken cancellationToken = default);

    /// <summary>Writes many registrations in one transaction, without matching (initial loads, benchmarks).</summary>
    /// <exception cref="RegistryConflictException">A SPID or an identifier is already taken; nothing of the batch was written.</exception>
    Task BulkLoadAsync(IReadOnlyList<RegistrationWrite> writes, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads into memory the pages matching reads (PostgreSQL: the blocking-key, identifier and features indexes), as a
    /// registry in service holds them: after a restart or an initial load, so the first matches do not wait on the disk.
    /// </summary>
    /// <param name="cancellationToken">Cancels the reading.</param>
    /// <returns>The index entries read (0 where the engine has nothing to warm).</returns>
    Task<long> WarmAsync(CancellationToken cancellationToken = default);

    /// <summary>Starts an initial load: see <see cref="IRegistryBulkLoad"/>.</summary>
    /// <param name="cancellationToken">Cancels the preparation.</param>
    /// <returns>The load; complete it to keep it.</returns>
    Task<IRegistryBulkLoad> BeginBulkLoadAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads a person by SPID (merged ones too).</summary>
    Task<PersonRow?> FindPersonAsync(string spid, CancellationToken cancellationToken = default);

    /// <summary>Reads a person by the FHIR id of its Patient.</summary>
    Task<PersonRow?> FindPersonByResourceIdAsync(string resourceId, CancellationToken cancellationToken = default);

    /// <summary>Who holds an identifier.</summary>
    Task<StoredIdentifier?> FindIdentifierAsync(string system, string value, CancellationToken cancellationToken = default);

    /// <summary>Who holds each of some identifiers (those nobody holds are left out), in one query.</summary>
    Task<IReadOnlyList<StoredIdentifier>> FindIdentifiersAsync(IReadOnlyCollection<(string System, string Value)> identifiers, CancellationToken cancellationToken = default);

    /// <summary>The identifiers of some persons.</summary>
    Task<IReadOnlyList<StoredIdentifier>> GetIdentifiersAsync(IReadOnlyCollection<string> spids, CancellationToken cancellationToken = default);

    /// <summary>The records of a person.</summary>
    Task<IReadOnlyList<IdentityRecord>> GetRecordsAsync(string spid, CancellationToken cancellationToken = default);

    /// <summary>
    /// The records of a person, their matching features only (no Patient, no digest): what scoring a probe against a
    /// known person reads.
    /// </summary>
    Task<IReadOnlyList<IdentityRecord>> GetRecordFeaturesAsync(string spid, CancellationToken cancellationToken = default);

    /// <summary>Whether a person already has a record with this content digest.</summary>
    Task<bool> HasRecordDigestAsync(string spid, string contentDigest, CancellationToken cancellationToken = default);

    /// <summary>The records sharing a blocking key with the probe, at most <paramref name="limitPerKey"/> per key.</summary>
    Task<IReadOnlyList<IdentityRecord>> FindCandidatesAsync(IReadOnlyCollection<long> blockingKeys, int limitPerKey, CancellationToken cancellationToken = default);

    /// <summary>The SPIDs merged into a person.</summary>
    Task<IReadOnlyList<string>> GetMergedSpidsAsync(string survivor, CancellationToken cancellationToken = default);

    /// <summary>The SPIDs directly linked to a person (same person, both kept).</summary>
    Task<IReadOnlyList<string>> GetLinksAsync(string spid, CancellationToken cancellationToken = default);

    /// <summary>The SPIDs declared different people from this one (never offered again).</summary>
    Task<IReadOnlyList<string>> GetNonMatchesAsync(string spid, CancellationToken cancellationToken = default);

    /// <summary>Links two persons, with audit and notifications.</summary>
    /// <returns>Whether the link is new.</returns>
    Task<bool> LinkAsync(string spid, string otherSpid, AuditDraft audit, IReadOnlyList<OutboxDraft> outbox, CancellationToken cancellationToken = default);

    /// <summary>Removes the link of two persons, with audit and notifications.</summary>
    /// <returns>Whether there was a link.</returns>
    Task<bool> UnlinkAsync(string spid, string otherSpid, AuditDraft audit, IReadOnlyList<OutboxDraft> outbox, CancellationToken cancellationToken = default);

    /// <summary>Merges <paramref name="source"/> into <paramref name="target"/>: records, identifiers and links move; the source SPID resolves to the target from now on.</summary>
    Task MergeAsync(string source, string target, AuditDraft audit, IReadOnlyList<OutboxDraft> outbox, CancellationToken cancellationToken = default);

    /// <summary>The open review items, oldest first.</summary>
    Task<IReadOnlyList<ReviewItem>> ListOpenReviewsAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>One review item.</summary>
    Task<ReviewItem?> FindReviewAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Closes a review item as the same person (and links the pair) or different people (and never offers the pair again).</summary>
    /// <returns>Whether the item was open.</returns>
    Task<bool> ResolveReviewAsync(long id, bool samePerson, AuditDraft audit, IReadOnlyList<OutboxDraft> outbox, CancellationToken cancellationToken = default);

    /// <summary>The audit lines about a person, oldest first.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string spid, CancellationToken cancellationToken = default);

    /// <summary>Claims undelivered notifications that are due: each claimed row is leased until <paramref name="leaseUntil"/>.</summary>
    Task<IReadOnlyList<OutboxMessage>> ClaimDueNotificationsAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken = default);

    /// <summary>Marks a notification delivered (it is never sent again).</summary>
    Task MarkDeliveredAsync(long id, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Records a failed attempt and when to try again.</summary>
    Task MarkFailedAsync(long id, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken = default);

    /// <summary>Every notification, for operators and tests.</summary>
    Task<IReadOnlyList<OutboxMessage>> ListNotificationsAsync(CancellationToken cancellationToken = default);

    /// <summary>How many persons (active SPIDs) and records there are.</summary>
    Task<(long Persons, long Records)> CountAsync(CancellationToken cancellationToken = default);
}
