namespace Interop.Adapters.Hspis.Mapping;

/// <summary>Canonical urls of the standards the adapter writes: identifier systems, code systems, profiles, extensions.</summary>
internal static class Canon
{
    public const string Base = "https://fhir.nspc.gov.kh";

    public const string NssfMember = Base + "/sid/nssf-member-number";
    public const string KhmerId = Base + "/sid/khmer-national-id";
    public const string Spid = Base + "/sid/spid";
    public const string Employer = Base + "/sid/nssf-employer-registration";
    public const string ClaimNumber = Base + "/sid/hspis-claim-number";
    public const string MessageId = Base + "/sid/hspis-message-id";
    public const string Facility = Base + "/sid/moh-facility-code";
    public const string Village = Base + "/sid/gazetteer-village";

    public const string PatientProfile = Base + "/StructureDefinition/kh-patient-identity";
    public const string CoverageProfile = Base + "/StructureDefinition/kh-coverage";
    public const string EligibilityRequestProfile = Base + "/StructureDefinition/kh-eligibility-request";
    public const string EncounterProfile = Base + "/StructureDefinition/kh-encounter";
    public const string ClaimProfile = Base + "/StructureDefinition/kh-claim";
    public const string NssfClaimProfile = Base + "/StructureDefinition/kh-claim-nssf";

    public const string NameScript = Base + "/StructureDefinition/name-script";
    public const string AddressVillage = Base + "/StructureDefinition/address-village";
    public const string MonthlyWage = Base + "/StructureDefinition/monthly-wage";

    public const string SchemeSystem = Base + "/CodeSystem/scheme";
    public const string VisitTypeSystem = Base + "/CodeSystem/visit-type";
    public const string CaseGroupSystem = Base + "/CodeSystem/nssf-case-group";
    public const string FeeItemSystem = Base + "/CodeSystem/fee-item";
    public const string ReimbursementItemSystem = Base + "/CodeSystem/nssf-reimbursement-item";
    public const string MemberTypeSystem = Base + "/CodeSystem/nssf-member-type";
    public const string ClaimTypeSystem = Base + "/CodeSystem/hspis-claim-type";
    public const string InformationCategorySystem = Base + "/CodeSystem/claim-information-category";
    public const string Icd10 = "http://hl7.org/fhir/sid/icd-10";

    public const string NssfName = "National Social Security Fund";
}
