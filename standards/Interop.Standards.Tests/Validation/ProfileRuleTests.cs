using Hl7.Fhir.Model;
using Interop.Standards.Validation;

namespace Interop.Standards.Tests.Validation;

/// <summary>
/// One broken resource per rule kind the validator supports, each asserting the exact element path and rule of
/// the issue, and that nothing else is reported.
/// </summary>
[Collection(StandardsCollection.Name)]
public sealed class ProfileRuleTests(StandardsFixture fixture)
{
    private IFhirValidator Validator => fixture.Catalog.Validator;

    [Fact]
    public void Validate_ClaimItemWithoutQuantity_ReportsCardinalityMinAtTheItem()
    {
        var claim = StandardsFixture.Example<Claim>("kh-claim-hef");
        claim.Item[1].Quantity = null;

        var issue = Assert.Single(Validator.Validate(claim).Issues);

        Assert.Equal((ValidationRules.CardinalityMin, "Claim.item[1].quantity"), (issue.Rule, issue.Path));
        Assert.True(issue.IsError);
    }

    [Fact]
    public void Validate_ClaimWithoutItems_ReportsCardinalityMinAndNothingElse()
    {
        var claim = StandardsFixture.Example<Claim>("kh-claim-hef");
        claim.Item.Clear();
        claim.Total = new Money { Value = 0, Currency = Money.Currencies.KHR };

        var issue = Assert.Single(Validator.Validate(claim).Issues);

        Assert.Equal((ValidationRules.CardinalityMin, "Claim.item"), (issue.Rule, issue.Path));
    }

    [Fact]
    public void Validate_IdentityPatientWithMaritalStatus_ReportsCardinalityMax()
    {
        var patient = StandardsFixture.Example<Patient>("kh-patient-identity");
        patient.MaritalStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-MaritalStatus", "M");

        var issue = Assert.Single(Validator.Validate(patient).Issues);

        Assert.Equal((ValidationRules.CardinalityMax, "Patient.maritalStatus"), (issue.Rule, issue.Path));
    }

    [Fact]
    public void Validate_IdentityPatientWithTwoAddresses_ReportsCardinalityMax()
    {
        var patient = StandardsFixture.Example<Patient>("kh-patient-identity");
        patient.Address.Add(new Address { City = "Phnom Penh" });

        var issue = Assert.Single(Validator.Validate(patient).Issues);

        Assert.Equal((ValidationRules.CardinalityMax, "Patient.address"), (issue.Rule, issue.Path));
    }

    [Fact]
    public void Validate_ClaimForPreauthorization_ReportsFixedValue()
    {
        var claim = StandardsFixture.Example<Claim>("kh-claim-nssf");
        claim.Use = ClaimUseCode.Preauthorization;

        var issue = Assert.Single(Validator.Validate(claim).Issues);

        Assert.Equal((ValidationRules.FixedValue, "Claim.use"), (issue.Rule, issue.Path));
    }

    [Fact]
    public void Validate_TelecomThatIsNotAPhone_ReportsFixedValueAtThatTelecom()
    {
        var patient = StandardsFixture.Example<Patient>("kh-patient-identity");
        patient.Telecom.Add(new ContactPoint(ContactPoint.ContactPointSystem.Email, null, "sovan@example.org"));

        var issue = Assert.Single(Validator.Validate(patient).Issues);

        Assert.Equal((ValidationRules.FixedValue, "Patient.telecom[1].system"), (issue.Rule, issue.Path));
    }

    [Fact]
    public void Validate_PharmacyClaim_ReportsPatternValue()
    {
        var claim = StandardsFixture.Example<Claim>("kh-claim-hef");
        claim.Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/claim-type", "pharmacy");

        var issue = Assert.Single(Validator.Validate(claim).Issues);

        Assert.Equal((ValidationRules.PatternValue, "Claim.type"), (issue.Rule, issue.Path));
    }

    [Fact]
    public void Validate_ClaimWithUnknownVisitType_ReportsRequiredBinding()
    {
        var claim = StandardsFixture.Example<Claim>("kh-claim-hef");
        claim.SubType = new CodeableConcept(CanonicalUrls.For("CodeSystem", "visit-type"), "DAYCARE");

        var issue = Assert.Single(Validator.Validate(claim).Issues);

        Assert.Equal((ValidationRules.RequiredBinding, "Claim.subType"), (issue.Rule, issue.Path));
    }

    [Fact]
    public void Validate_HefClaimBillingANssfCaseGroup_ReportsRequiredBindingAtThatItem()
    {
        var claim = StandardsFixture.Example<Claim>("kh-claim-hef");
        claim.Item[2].ProductOrService = new CodeableConcept(CanonicalUrls.For("CodeSystem", "nssf-case-group"), "CG07");

        var issue = Assert.Single(Validator.Validate(claim).Issues);

        Assert.Equal((ValidationRules.RequiredBinding, "Claim.item[2].productOrService"), (issue.Rule, issue.Path));
    }

    [Fact]
    public void Validate_ExtensionValueOutsideItsValueSet_ReportsRequiredBindingInsideTheExtension()
    {
        var patient = StandardsFixture.Example<Patient>("kh-patient-identity");
        patient.Name[1].Extension[0].Value = new Code("Cyrl");

        var issue = Assert.Single(Validator.Validate(patient).Issues);

        Assert.Equal((ValidationRules.RequiredBinding, "Patient.name[1].extension[0].value"), (issue.Rule, issue.Path));
    }

    [Fact]
    public void Validate_ClaimTotalNotTheSumOfItems_ReportsTheTotalInvariant()
    {
        var claim = StandardsFixture.Example<Claim>("kh-claim-hef");
        claim.Total!.Value = 206000;

        var issue = Assert.Single(Validator.Validate(claim).Issues);

        Assert.Equal((ValidationRules.Invariant, "Claim", "kh-claim-1"), (issue.Rule, issue.Path, issue.Key));
    }

    [Fact]
    public void Validate_InpatientClaimDischargedBeforeAdmission_ReportsTheDischargeInvariant()
    {
        var claim = StandardsFixture.Example<Claim>("kh-claim-nssf");
        claim.BillablePeriod!.End = "2025-02-09";

        var issue = Assert.Single(Validator.Validate(claim).Issues);

        Assert.Equal((ValidationRules.Invariant, "Claim", "kh-claim-2"), (issue.Rule, issue.Path, issue.Key));
    }

    [Fact]
    public void Validate_InpatientClaimWithoutDischarge_ReportsTheDischargeInvariant()
    {
        var claim = StandardsFixture.Example<Claim>("kh-claim-nssf");
        claim.BillablePeriod!.End = null;

        var issue = Assert.Single(Validator.Validate(claim).Issues);

        Assert.Equal("kh-claim-2", issue.Key);
    }

    [Fact]
    public void Validate_OutpatientClaimWithoutDischarge_IsValid()
    {
        var claim = StandardsFixture.Example<Claim>("kh-claim-nssf");
        claim.SubType = new CodeableConcept(CanonicalUrls.For("CodeSystem", "visit-type"), "OPD");
        claim.BillablePeriod!.End = null;

        Assert.True(Validator.Validate(claim).IsValid);
    }

    [Fact]
    public void Validate_AmountInDollars_ReportsTheFixedCurrencyAtThatAmount()
    {
        var claim = StandardsFixture.Example<Claim>("kh-claim-nssf");
        claim.Item[1].Net!.Currency = Money.Currencies.USD;

        var issue = Assert.Single(Validator.Validate(claim).Issues);

        Assert.Equal((ValidationRules.FixedValue, "Claim.item[1].net.currency"), (issue.Rule, issue.Path));
    }

    [Fact]
    public void Validate_ClaimIdentifierWithoutSystem_ReportsTheIdentifierInvariant()
    {
        var claim = StandardsFixture.Example<Claim>("kh-claim-nssf");
        claim.Identifier[0].System = null;

        var issue = Assert.Single(Validator.Validate(claim).Issues);

        Assert.Equal((ValidationRules.Invariant, "Claim", "kh-claim-3"), (issue.Rule, issue.Path, issue.Key));
    }

    [Fact]
    public void Validate_NssfClaimWithTwoCaseGroups_ReportsTheDerivedProfilesInvariant()
    {
        var claim = StandardsFixture.Example<Claim>("kh-claim-nssf");
        claim.Item[1].ProductOrService = new CodeableConcept(CanonicalUrls.For("CodeSystem", "nssf-case-group"), "CG08");

        var issue = Assert.Single(Validator.Validate(claim).Issues);

        Assert.Equal((ValidationRules.Invariant, "Claim", "kh-claim-nssf-1"), (issue.Rule, issue.Path, issue.Key));
    }

    [Fact]
    public void Validate_PatientWithMonthOnlyBirthDate_ReportsTheBirthDateInvariant()
    {
        var patient = StandardsFixture.Example<Patient>("kh-patient-identity");
        patient.BirthDate = "1980-05";

        var issue = Assert.Single(Validator.Validate(patient).Issues);

        Assert.Equal((ValidationRules.Invariant, "Patient", "kh-pat-1"), (issue.Rule, issue.Path, issue.Key));
    }

    [Fact]
    public void Validate_PatientWithoutBirthDate_ReportsTheBirthDateInvariant()
    {
        var patient = StandardsFixture.Example<Patient>("kh-patient-identity");
        patient.BirthDate = null;

        Assert.Equal("kh-pat-1", Assert.Single(Validator.Validate(patient).Issues).Key);
    }

    [Fact]
    public void Validate_IdentifierWithoutValue_ReportsCardinalityAndTheIdentifierInvariant()
    {
        var patient = StandardsFixture.Example<Patient>("kh-patient-identity");
        patient.Identifier[2].Value = null;

        var issues = Validator.Validate(patient).Issues.Select(i => (i.Rule, i.Path, i.Key)).ToList();

        Assert.Equal(
            [(ValidationRules.Invariant, "Patient", "kh-pat-2"), (ValidationRules.CardinalityMin, "Patient.identifier[2].value", null)],
            issues);
    }

    [Fact]
    public void Validate_FacilityWithoutMohCode_ReportsTheSliceCardinality()
    {
        var facility = StandardsFixture.Example<Organization>("kh-facility");
        facility.Identifier[0].System = "urn:oid:1.2.3";

        var issue = Assert.Single(Validator.Validate(facility).Issues);

        Assert.Equal((ValidationRules.CardinalityMin, "Organization.identifier:mohFacility", "mohFacility"), (issue.Rule, issue.Path, issue.Key));
    }

    [Fact]
    public void Validate_FacilityWithTwoMohCodes_ReportsTheSliceMaximum()
    {
        var facility = StandardsFixture.Example<Organization>("kh-facility");
        facility.Identifier.Add(new Identifier(CanonicalUrls.IdentifierSystem("moh-facility-code"), "120102"));

        var issue = Assert.Single(Validator.Validate(facility).Issues);

        Assert.Equal((ValidationRules.CardinalityMax, "Organization.identifier:mohFacility"), (issue.Rule, issue.Path));
    }

    [Fact]
    public void Validate_EligibilityRequestForAPeriod_ReportsTheTypeRestriction()
    {
        var request = StandardsFixture.Example<CoverageEligibilityRequest>("kh-eligibility-request");
        request.Serviced = new Period { Start = "2025-02-01", End = "2025-02-14" };

        var issue = Assert.Single(Validator.Validate(request).Issues);

        Assert.Equal((ValidationRules.Type, "CoverageEligibilityRequest.serviced"), (issue.Rule, issue.Path));
    }

    [Fact]
    public void Validate_KhmerIdOfEightDigits_ReportsTheIdentifierFormatAtItsValue()
    {
        var patient = StandardsFixture.Example<Patient>("kh-patient-identity");
        patient.Identifier[1].Value = "01020304";

        var issue = Assert.Single(Validator.Validate(patient).Issues);

        Assert.Equal((ValidationRules.IdentifierFormat, "Patient.identifier[1].value"), (issue.Rule, issue.Path));
    }

    [Fact]
    public void Validate_MistypedSpid_ReportsTheCheckDigit()
    {
        var patient = StandardsFixture.Example<Patient>("kh-patient-identity");
        patient.Identifier[0].Value = "402187360521";

        var issue = Assert.Single(Validator.Validate(patient).Issues);

        Assert.Equal((ValidationRules.IdentifierCheckDigit, "Patient.identifier[0].value"), (issue.Rule, issue.Path));
    }

    [Fact]
    public void Validate_IdentifierInANestedReference_IsCheckedToo()
    {
        var claim = StandardsFixture.Example<Claim>("kh-claim-hef");
        claim.Provider!.Identifier!.Value = "12";

        var issue = Assert.Single(Validator.Validate(claim).Issues);

        Assert.Equal((ValidationRules.IdentifierFormat, "Claim.provider.identifier.value"), (issue.Rule, issue.Path));
    }

    [Fact]
    public void Validate_UnknownSystemUnderOurBase_IsRefused()
    {
        var patient = StandardsFixture.Example<Patient>("kh-patient-identity");
        patient.Identifier[1].System = CanonicalUrls.IdentifierSystem("khmer-id");

        var issue = Assert.Single(Validator.Validate(patient).Issues);

        Assert.Equal((ValidationRules.UnknownIdentifierSystem, "Patient.identifier[1].system"), (issue.Rule, issue.Path));
    }

    [Fact]
    public void Validate_ExtensionOfOursThatDoesNotExist_IsRefused()
    {
        var patient = StandardsFixture.Example<Patient>("kh-patient-identity");
        patient.Name[0].Extension.Add(new Extension(CanonicalUrls.For("StructureDefinition", "name-spelling"), new FhirString("x")));

        var issue = Assert.Single(Validator.Validate(patient).Issues);

        Assert.Equal((ValidationRules.UnknownExtension, "Patient.name[0].extension[1]"), (issue.Rule, issue.Path));
    }

    [Fact]
    public void Validate_VillageExtensionWithAnotherIdentifierSystem_ReportsTheExtensionsInvariant()
    {
        var patient = StandardsFixture.Example<Patient>("kh-patient-identity");
        patient.Address[0].Extension[0].Value = new Identifier(CanonicalUrls.IdentifierSystem("gazetteer-commune"), "120102");

        var issue = Assert.Single(Validator.Validate(patient).Issues);

        Assert.Equal((ValidationRules.Invariant, "Patient.address[0].extension[0]", "kh-village-1"), (issue.Rule, issue.Path, issue.Key));
    }

    [Fact]
    public void Validate_BaseModelBreach_IsReportedAsStructure()
    {
        var claim = StandardsFixture.Example<Claim>("kh-claim-hef");
        claim.Patient = null!;

        var issues = Validator.Validate(claim).Issues;

        Assert.Contains(issues, i => i.Rule == ValidationRules.Structure && i.Path == "Claim.patient");
    }

    [Fact]
    public void Validate_EveryErrorAtOnce_NotOnlyTheFirst()
    {
        var claim = StandardsFixture.Example<Claim>("kh-claim-hef");
        claim.Item[0].Quantity = null;
        claim.Item[3].Net = null;
        claim.Use = ClaimUseCode.Predetermination;

        var paths = Validator.Validate(claim).Errors.Select(i => i.Path).ToList();

        Assert.Contains("Claim.item[0].quantity", paths);
        Assert.Contains("Claim.item[3].net", paths);
        Assert.Contains("Claim.use", paths);
        Assert.Contains("Claim", paths);
    }

    [Fact]
    public void Validate_UnknownProfile_IsRefused()
    {
        var claim = StandardsFixture.Example<Claim>("kh-claim-hef");

        var issue = Assert.Single(Validator.Validate(claim, CanonicalUrls.For("StructureDefinition", "kh-claim-pca")).Issues);

        Assert.Equal(ValidationRules.UnknownProfile, issue.Rule);
    }

    [Fact]
    public void Validate_ProfileOfAnotherType_IsRefused()
    {
        var claim = StandardsFixture.Example<Claim>("kh-claim-hef");

        var issue = Assert.Single(Validator.Validate(claim, "kh-patient-identity").Issues);

        Assert.Equal(ValidationRules.UnknownProfile, issue.Rule);
    }

    [Fact]
    public void ToOperationOutcome_NamesPathRuleAndInvariant()
    {
        var claim = StandardsFixture.Example<Claim>("kh-claim-hef");
        claim.Total!.Value = 1;

        var outcome = Validator.Validate(claim).ToOperationOutcome();

        var issue = Assert.Single(outcome.Issue);
        Assert.Equal(OperationOutcome.IssueSeverity.Error, issue.Severity);
        Assert.Equal(OperationOutcome.IssueType.Invariant, issue.Code);
        Assert.Equal(["Claim"], issue.Expression);
        Assert.Equal(CanonicalUrls.ValidationIssueSystem, issue.Details!.Coding[0].System);
        Assert.Equal("invariant", issue.Details!.Coding[0].Code);
        Assert.Equal("kh-claim-1", issue.Diagnostics);
        Assert.Contains("total", issue.Details!.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ToOperationOutcome_OfAValidResource_HoldsOneInformationIssue()
    {
        var outcome = Validator.Validate(StandardsFixture.Example<Claim>("kh-claim-hef")).ToOperationOutcome();

        Assert.Equal(OperationOutcome.IssueSeverity.Information, Assert.Single(outcome.Issue).Severity);
    }
}
