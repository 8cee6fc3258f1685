namespace Interop.Registry.Storage;

/// <summary>
/// An initial load in progress (a national migration, a scale run): batches written without matching, by several
/// workers at once. Into an empty PostgreSQL registry, keys and indexes are built once at the end instead of being
/// maintained row by row, and the load is all or nothing: <see cref="CompleteAsync"/> keeps it, disposing without
/// completing discards it. Nothing else should write to the registry meanwhile.
/// </summary>
public interface IRegistryBulkLoad : IAsyncDisposable
{
    /// <summary>Whether keys and indexes are deferred to <see cref="CompleteAsync"/> (PostgreSQL, empty registry).</summary>
    bool DefersIndexes { get; }

    /// <summary>Writes one batch, in its own transaction; safe to call from several workers at once.</summary>
    /// <param name="writes">New persons only: no reviews, audit lines or notifications.</param>
    /// <param name="cancellationToken">Cancels the batch.</param>
    /// <returns>A task that completes when the batch is written.</returns>
    /// <exception cref="RegistryConflictException">
    /// With indexes kept: a SPID or identifier of the batch is already taken, nothing of the batch was written. With
    /// indexes deferred, uniqueness is checked by <see cref="CompleteAsync"/>.
    /// </exception>
    Task LoadAsync(IReadOnlyList<RegistrationWrite> writes, CancellationToken cancellationToken = default);

    /// <summary>Builds the deferred keys and indexes and refreshes the planner's statistics.</summary>
    /// <param name="cancellationToken">Cancels the build (the load is then discarded).</param>
    /// <returns>A task that completes when the registry serves with every index.</returns>
    /// <exception cref="RegistryConflictException">The load holds a SPID or an identifier twice: nothing of it was kept.</exception>
    Task CompleteAsync(CancellationToken cancellationToken = default);
}
