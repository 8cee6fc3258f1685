using Hl7.Fhir.Model;
using Interop.Adapters.Pmrs.Json;
using Interop.Contracts.Mapping;

namespace Interop.Adapters.Pmrs.Visits;

/// <summary>
/// Builds the FHIR resources of a checked visit: the identity-only Patient for the registry, the Encounter and,
/// at discharge or final, the Claim for the operator that pays. Ids are derived from identifiers (DeterministicId).
/// </summary>
internal static class VisitFhirBuilder
{
    public const string PatientProfile = PmrsStandards.ProfileBase + "kh-patient-identity";
    public const string EncounterProfile = PmrsStandards.ProfileBase + "kh-encounter";

    private const string NameScript = PmrsStandards.ProfileBase + "name-script";
    private const string AddressVillage = PmrsStandards.ProfileBase + "address-village";
    private const string Ucum = "http://unitsofmeasure.org";

    /// <summary>
    /// The order in which a Patient's first scheme identifier is chosen for its id: the scheme cards first, then the
    /// Khmer ID, then the facility's patient code. Never the SPID, so the id does not change once the SPID is known.
    /// </summary>
    private static readonly string[] IdPriority =
    [
        PmrsStandards.Sid + "idpoor-equity-card",
        PmrsStandards.Sid + "nssf-member-number",
        PmrsStandards.Sid + "khmer-national-id",
        PmrsStandards.PatientCodeSystem,
    ];

    public static Patient Patient(PatientData data)
    {
        var identifiers = new List<Identifier>();
        if (data.Spid is not null)
        {
            identifiers.Add(new Identifier(PmrsStandards.SpidSystem, data.Spid));
        }

        foreach (var (system, value) in data.Cards.Distinct())
        {
            identifiers.Add(new Identifier(system, value));
        }

        identifiers.Add(new Identifier(PmrsStandards.PatientCodeSystem, data.Code));
        var first = IdPriority.Select(s => identifiers.FirstOrDefault(i => i.System == s)).First(i => i is not null)!;
        var patient = new Patient
        {
            Id = DeterministicId.For("pat", first.System!, first.Value!),
            Meta = new Meta { Profile = [PatientProfile] },
            Identifier = identifiers,
            Name = [Name("Khmr", data.Surname, data.Name)],
            Gender = data.Gender == "male" ? AdministrativeGender.Male : data.Gender == "female" ? AdministrativeGender.Female : AdministrativeGender.Unknown,
            BirthDate = data.BirthDate,
        };
        if (data.LatinSurname is not null || data.LatinName is not null)
        {
            patient.Name.Add(Name("Latn", data.LatinSurname, data.LatinName));
        }

        if (data.Phone is not null)
        {
            patient.Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, data.Phone)];
        }

        if (data.Village is not null)
        {
            patient.Address = [new Address { Extension = [new Extension(AddressVillage, new Identifier(PmrsStandards.VillageSystem, data.Village))] }];
        }

        return patient;
    }

    /// <summary>How operators find the person: SPID when the facility knows it, otherwise the card the visit is paid by.</summary>
    public static Identifier Subject(PatientData patient, VisitData visit) =>
        patient.Spid is not null ? new Identifier(PmrsStandards.SpidSystem, patient.Spid)
        : visit.Card is { } card ? new Identifier(card.System, card.Value)
        : new Identifier(PmrsStandards.PatientCodeSystem, patient.Code);

    public static Encounter Encounter(PatientData patient, VisitData visit)
    {
        var encounter = new Encounter
        {
            Id = DeterministicId.For("enc", PmrsStandards.VisitCodeSystem, visit.Code),
            Meta = new Meta { Profile = [EncounterProfile] },
            Identifier = [new Identifier(PmrsStandards.VisitCodeSystem, visit.Code)],
            Status = visit.IsFinal ? Hl7.Fhir.Model.Encounter.EncounterStatus.Finished : Hl7.Fhir.Model.Encounter.EncounterStatus.InProgress,
            Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", visit.EncounterClass),
            Type = [new CodeableConcept(PmrsStandards.CodeSystem("visit-type"), visit.VisitType)],
            Subject = new ResourceReference { Identifier = Subject(patient, visit) },
            Period = new Period
            {
                Start = LegacyText.FhirInstant(visit.AdmittedAt),
                End = visit.DischargedAt is { } end ? LegacyText.FhirInstant(end) : null,
            },
            ServiceProvider = Facility(visit.Facility),
        };
        if (visit.AdmissionType is not null || visit.DischargeDisposition is not null || visit.ReferredFrom is not null)
        {
            encounter.Hospitalization = new Encounter.HospitalizationComponent
            {
                AdmitSource = visit.AdmissionType is null ? null : new CodeableConcept(PmrsStandards.CodeSystem("admission-type"), visit.AdmissionType),
                DischargeDisposition = visit.DischargeDisposition is null ? null : new CodeableConcept("http://terminology.hl7.org/CodeSystem/discharge-disposition", visit.DischargeDisposition),
                Origin = visit.ReferredFrom is null ? null : Facility(visit.ReferredFrom),
            };
        }

        return encounter;
    }

    public static Claim Claim(PatientData patient, VisitData visit, IReadOnlyList<DiagnosisData> diagnoses, IReadOnlyList<InvoiceData> invoices, string profile)
    {
        var claim = new Claim
        {
            Id = DeterministicId.For("claim", PmrsStandards.VisitCodeSystem, visit.Code),
            Meta = new Meta { Profile = [profile] },
            Identifier = [new Identifier(PmrsStandards.VisitCodeSystem, visit.Code)],
            Status = FinancialResourceStatusCodes.Active,
            Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/claim-type", "institutional"),
            SubType = new CodeableConcept(PmrsStandards.CodeSystem("visit-type"), visit.VisitType),
            Use = ClaimUseCode.Claim,
            Patient = new ResourceReference { Identifier = Subject(patient, visit) },
            BillablePeriod = new Period
            {
                Start = LegacyText.FhirInstant(visit.AdmittedAt),
                End = visit.DischargedAt is { } end ? LegacyText.FhirInstant(end) : null,
            },
            Created = LegacyText.FhirInstant(visit.DischargedAt ?? visit.AdmittedAt),
            Provider = Facility(visit.Facility),
            Priority = new CodeableConcept("http://terminology.hl7.org/CodeSystem/processpriority", "normal"),
            Insurance =
            [
                new Claim.InsuranceComponent
                {
                    Sequence = 1,
                    Focal = true,
                    Coverage = new ResourceReference { Identifier = visit.Card is { } card ? new Identifier(card.System, card.Value) : Subject(patient, visit) },
                },
            ],
        };
        foreach (var invoice in invoices)
        {
            claim.Identifier.Add(new Identifier(PmrsStandards.InvoiceCodeSystem, invoice.Code));
        }

        var foodDays = invoices.Sum(i => i.FoodDays);
        if (foodDays > 0)
        {
            claim.SupportingInfo.Add(new Claim.SupportingInformationComponent
            {
                Sequence = claim.SupportingInfo.Count + 1,
                Category = new CodeableConcept(PmrsStandards.CodeSystem("claim-information-category"), "caretaker-food-days"),
                Value = new Quantity { Value = foodDays, Unit = "d", System = Ucum, Code = "d" },
            });
        }

        if (visit.ReferredFrom is not null)
        {
            claim.SupportingInfo.Add(new Claim.SupportingInformationComponent
            {
                Sequence = claim.SupportingInfo.Count + 1,
                Category = new CodeableConcept(PmrsStandards.CodeSystem("claim-information-category"), "referral-facility"),
                Value = Facility(visit.ReferredFrom),
            });
        }

        foreach (var diagnosis in diagnoses)
        {
            claim.Diagnosis.Add(new Claim.DiagnosisComponent
            {
                Sequence = claim.Diagnosis.Count + 1,
                Diagnosis = new CodeableConcept(PmrsStandards.Icd10System, diagnosis.Code),
                Type = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/ex-diagnosistype", diagnosis.Type)],
            });
        }

        foreach (var line in invoices.SelectMany(i => i.Lines))
        {
            claim.Item.Add(new Claim.ItemComponent
            {
                Sequence = claim.Item.Count + 1,
                ProductOrService = new CodeableConcept(line.System, line.Code),
                Quantity = new Quantity { Value = line.Quantity },
                UnitPrice = Riel(line.UnitPrice),
                Net = Riel(line.Quantity * line.UnitPrice),
            });
        }

        claim.Total = Riel(invoices.Sum(i => i.Total));
        return claim;
    }

    private static HumanName Name(string script, string? family, string? given)
    {
        var name = new HumanName { Family = family, Extension = [new Extension(NameScript, new Code(script))] };
        if (given is not null)
        {
            name.Given = [given];
        }

        return name;
    }

    private static ResourceReference Facility(string code) => new() { Identifier = new Identifier(PmrsStandards.FacilitySystem, code) };

    private static Money Riel(decimal value) => new() { Value = value, Currency = Money.Currencies.KHR };
}
