using Interop.Registry.Matching;
using Interop.Registry.Notifications;
using Interop.Registry.Storage;

namespace Interop.Registry;

/// <summary>The registry's settings (section <c>Registry</c>). Every setting has a default that works out of the box.</summary>
public sealed record RegistryOptions
{
    /// <summary>Where identities are kept. Default: SQLite in <c>registry.db</c> next to the application.</summary>
    public StorageOptions Storage { get; set; } = new();

    /// <summary>Weights and thresholds of the matcher; the defaults are justified in the README.</summary>
    public MatchingOptions Matching { get; set; } = new();

    /// <summary>Where notifications to operators go, and how they are retried.</summary>
    public NotificationOptions Notifications { get; set; } = new();

    /// <summary>
    /// The identifier systems a person may be registered with (default: SPID, Khmer national ID, NSSF member number,
    /// IDPoor equity card, PMRS patient code). Any other system is refused, even one the standards know.
    /// </summary>
    public IList<string> PersonIdentifierSystems { get; } =
    [
        RegistryIdentifiers.Spid,
        RegistryIdentifiers.KhmerNationalId,
        RegistryIdentifiers.NssfMemberNumber,
        RegistryIdentifiers.IdPoorEquityCard,
        RegistryIdentifiers.PmrsPatientCode,
    ];

    /// <summary>Largest request body read, in bytes. Default 1 MiB (a Patient is a few KiB).</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;
}
