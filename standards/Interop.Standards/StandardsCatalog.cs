using Hl7.Fhir.Model;
using Interop.Contracts.Standards;
using Interop.Standards.Identifiers;
using Interop.Standards.Loading;
using Interop.Standards.Policies;
using Interop.Standards.Tariffs;
using Interop.Standards.Terminology;
using Interop.Standards.Validation;

namespace Interop.Standards;

/// <summary>
/// Everything in <c>standards/</c>, loaded, checked for consistency and indexed: the FHIR artifacts, the
/// validator built from the profiles, the terminology, the identifier systems, the sharing policies and the tariff.
/// Load it once at start-up (<see cref="Load"/>); it is immutable and thread-safe afterwards.
/// </summary>
public sealed class StandardsCatalog
{
    internal StandardsCatalog(
        string root,
        IReadOnlyList<LoadedArtifact> artifacts,
        TerminologyService terminology,
        IdentifierSystemRegistry identifiers,
        Tariff tariff,
        ProfileValidator validator,
        SharingPolicyEngine policies)
    {
        Root = root;
        Artifacts = artifacts;
        TerminologyService = terminology;
        IdentifierRegistry = identifiers;
        TariffInForce = tariff;
        ProfileValidator = validator;
        PolicyEngine = policies;
    }

    /// <summary>The folder the standards were loaded from.</summary>
    public string Root { get; }

    /// <summary>Every FHIR artifact, with the file it came from.</summary>
    public IReadOnlyList<LoadedArtifact> Artifacts { get; }

    /// <summary>Code systems, value sets and concept maps.</summary>
    public ITerminology Terminology => TerminologyService;

    /// <summary>Identifier systems with their formats and check digits.</summary>
    public IIdentifierSystems IdentifierSystems => IdentifierRegistry;

    /// <summary>The tariff in force.</summary>
    public ITariff Tariff => TariffInForce;

    /// <summary>The validator over the profiles.</summary>
    public IFhirValidator Validator => ProfileValidator;

    /// <summary>The sharing policies.</summary>
    public ISharingPolicies SharingPolicies => PolicyEngine;

    /// <summary>The ids of the sharing policies loaded.</summary>
    public IEnumerable<string> PolicyIds => PolicyEngine.Policies.Select(p => p.Id);

    internal TerminologyService TerminologyService { get; }

    internal IdentifierSystemRegistry IdentifierRegistry { get; }

    internal Tariff TariffInForce { get; }

    internal ProfileValidator ProfileValidator { get; }

    internal SharingPolicyEngine PolicyEngine { get; }

    /// <summary>Finds an artifact by canonical url (or, for NamingSystems, by unique id).</summary>
    /// <param name="url">The canonical url, optionally with <c>|version</c>.</param>
    /// <returns>The artifact, or <see langword="null"/>.</returns>
    public Resource? Find(string url)
    {
        var plain = CanonicalUrls.WithoutVersion(url);
        return Artifacts.FirstOrDefault(a => a.Url == plain)?.Resource;
    }

    /// <summary>Loads and checks the standards; fails with every problem found, each naming its file.</summary>
    /// <param name="options">Where the standards are.</param>
    /// <returns>The catalog.</returns>
    /// <exception cref="StandardsLoadException">A file is broken or the artifacts are inconsistent.</exception>
    public static StandardsCatalog Load(StandardsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var catalog = new StandardsLoader(options).Load();
        NativeHeap.ReleaseFreed();
        return catalog;
    }
}

/// <summary>A FHIR artifact of <c>standards/</c> and the file it was read from.</summary>
/// <param name="File">The file, relative to the standards root.</param>
/// <param name="Url">Its canonical url (for a NamingSystem, its preferred unique id).</param>
/// <param name="Resource">The artifact.</param>
public sealed record LoadedArtifact(string File, string Url, Resource Resource);
