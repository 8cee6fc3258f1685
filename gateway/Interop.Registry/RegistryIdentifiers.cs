using Interop.Standards;

namespace Interop.Registry;

/// <summary>The identifier systems and urls the registry works with.</summary>
public static class RegistryIdentifiers
{
    /// <summary>The SPID, issued by this registry.</summary>
    public static readonly string Spid = CanonicalUrls.IdentifierSystem("spid");

    /// <summary>The Khmer national ID (people 15 and over).</summary>
    public static readonly string KhmerNationalId = CanonicalUrls.IdentifierSystem("khmer-national-id");

    /// <summary>The NSSF member number.</summary>
    public static readonly string NssfMemberNumber = CanonicalUrls.IdentifierSystem("nssf-member-number");

    /// <summary>The IDPoor equity card (HEF).</summary>
    public static readonly string IdPoorEquityCard = CanonicalUrls.IdentifierSystem("idpoor-equity-card");

    /// <summary>The PMRS patient code of a facility.</summary>
    public static readonly string PmrsPatientCode = CanonicalUrls.IdentifierSystem("pmrs-patient-code");

    /// <summary>The gazetteer village code.</summary>
    public static readonly string Village = CanonicalUrls.IdentifierSystem("gazetteer-village");

    /// <summary>The profile every registered Patient conforms to.</summary>
    public static readonly string PatientProfile = CanonicalUrls.For("StructureDefinition", "kh-patient-identity");

    /// <summary>The extension that says which script a name is written in.</summary>
    public static readonly string NameScriptExtension = CanonicalUrls.For("StructureDefinition", "name-script");

    /// <summary>The extension that carries the village code of an address.</summary>
    public static readonly string AddressVillageExtension = CanonicalUrls.For("StructureDefinition", "address-village");

    /// <summary>The CodeSystem of registration outcomes.</summary>
    public static readonly string RegistrationOutcomeSystem = CanonicalUrls.For("CodeSystem", "registration-outcome");

    /// <summary>HL7's match-grade extension (IHE PDQm).</summary>
    public const string MatchGradeExtension = "http://hl7.org/fhir/StructureDefinition/match-grade";

    /// <summary>The registry's member id.</summary>
    public const string RegistryMember = "KH/GOV/NSPC/REGISTRY";
}
