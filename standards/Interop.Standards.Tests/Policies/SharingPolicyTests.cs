using Hl7.Fhir.Model;

namespace Interop.Standards.Tests.Policies;

[Collection(StandardsCollection.Name)]
public sealed class SharingPolicyTests(StandardsFixture fixture)
{
    private const string Registry = "KH/GOV/NSPC/REGISTRY";
    private const string Nssf = "KH/GOV/NSSF/HSPIS";
    private const string Pca = "KH/GOV/MOH/PCA";
    private const string Pmrs = "KH/GOV/MOH/PMRS-120101";

    private static string Extension(string id) => CanonicalUrls.For("StructureDefinition", id);

    private static Patient PatientWithProgramData()
    {
        var patient = StandardsFixture.Example<Patient>("kh-patient-identity");
        patient.Extension.Add(new Extension(Extension("idpoor-poverty-level"), new Coding(CanonicalUrls.For("CodeSystem", "idpoor-poverty-level"), "1")));
        patient.Extension.Add(new Extension(Extension("occupation"), new FhirString("farmer")));
        patient.Extension.Add(new Extension(Extension("monthly-wage"), new Money { Value = 1200000, Currency = Money.Currencies.KHR }));
        patient.MaritalStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-MaritalStatus", "M");
        return patient;
    }

    [Fact]
    public void Apply_RegistryPolicyToPatientWithProgramData_RemovesExactlyTheProgramData()
    {
        var patient = PatientWithProgramData();

        var decision = fixture.Catalog.SharingPolicies.Apply(patient, Pmrs, Registry, "register");

        Assert.Equal("registry-identity", decision.PolicyId);
        Assert.Equal(
            [
                $"Patient.extension('{Extension("idpoor-poverty-level")}')",
                $"Patient.extension('{Extension("monthly-wage")}')",
                $"Patient.extension('{Extension("occupation")}')",
                "Patient.maritalStatus",
            ],
            decision.RemovedPaths.Order(StringComparer.Ordinal));
        var filtered = Assert.IsType<Patient>(decision.Resource);
        Assert.Empty(filtered.Extension);
        Assert.Null(filtered.MaritalStatus);
        Assert.True(StandardsFixture.Example<Patient>("kh-patient-identity").IsExactly(filtered), "every identity element is kept as it was");
    }

    [Fact]
    public void Apply_Policy_NeverChangesTheInput()
    {
        var patient = PatientWithProgramData();
        var before = StandardsFixture.ToJson(patient);

        fixture.Catalog.SharingPolicies.Apply(patient, Pmrs, Registry, "register");

        Assert.Equal(before, StandardsFixture.ToJson(patient));
    }

    [Fact]
    public void Apply_RemovedPaths_NeverCarryValues()
    {
        var decision = fixture.Catalog.SharingPolicies.Apply(PatientWithProgramData(), Pmrs, Registry, "register");

        Assert.All(decision.RemovedPaths, p => Assert.DoesNotContain("farmer", p, StringComparison.Ordinal));
        Assert.All(decision.RemovedPaths, p => Assert.DoesNotContain("1200000", p, StringComparison.Ordinal));
    }

    [Fact]
    public void Apply_RegistryPolicy_KeepsTheVillageButNotTheStreet()
    {
        var patient = StandardsFixture.Example<Patient>("kh-patient-identity");
        patient.Address[0].Line = ["House 27, Street 271"];
        patient.Address[0].City = "Phnom Penh";

        var decision = fixture.Catalog.SharingPolicies.Apply(patient, Pmrs, Registry, "register");

        Assert.Equal(["Patient.address[0].city", "Patient.address[0].line"], decision.RemovedPaths.Order(StringComparer.Ordinal));
        var address = Assert.Single(((Patient)decision.Resource!).Address);
        Assert.Equal("12010203", Assert.IsType<Identifier>(address.Extension.Single().Value).Value);
    }

    [Fact]
    public void Apply_RegistryPolicy_DropsAnAddressThatHoldsNoVillage()
    {
        var patient = StandardsFixture.Example<Patient>("kh-patient-identity");
        patient.Address[0] = new Address { Line = ["House 27"] };

        var decision = fixture.Catalog.SharingPolicies.Apply(patient, Pmrs, Registry, "register");

        Assert.Empty(((Patient)decision.Resource!).Address);
        Assert.Equal(["Patient.address[0].line"], decision.RemovedPaths);
    }

    [Fact]
    public void Apply_RegistryPolicyToAClaim_SharesNothing()
    {
        var claim = StandardsFixture.Example<Claim>("kh-claim-hef");

        var decision = fixture.Catalog.SharingPolicies.Apply(claim, Pmrs, Registry, "register");

        Assert.False(decision.IsShared);
        Assert.Equal(["Claim"], decision.RemovedPaths);
    }

    [Fact]
    public void Apply_NoPolicyForTheExchange_DeniesByDefault()
    {
        var decision = fixture.Catalog.SharingPolicies.Apply(StandardsFixture.Example<Patient>("kh-patient-identity"), Pmrs, Registry, "delete");

        Assert.Null(decision.PolicyId);
        Assert.False(decision.IsShared);
    }

    [Fact]
    public void Apply_NssfPolicy_KeepsTheWageButNotThePovertyLevel()
    {
        var decision = fixture.Catalog.SharingPolicies.Apply(PatientWithProgramData(), Pmrs, Nssf, "claim-submit");

        Assert.Equal("nssf-health-insurance", decision.PolicyId);
        Assert.Equal(
            [$"Patient.extension('{Extension("idpoor-poverty-level")}')", $"Patient.extension('{Extension("occupation")}')"],
            decision.RemovedPaths.Order(StringComparer.Ordinal));
        Assert.Equal(Extension("monthly-wage"), Assert.Single(((Patient)decision.Resource!).Extension).Url);
    }

    [Fact]
    public void Apply_PcaPolicy_KeepsThePovertyLevelButNotTheWage()
    {
        var decision = fixture.Catalog.SharingPolicies.Apply(PatientWithProgramData(), Pmrs, Pca, "claim-submit");

        Assert.Equal([$"Patient.extension('{Extension("monthly-wage")}')"], decision.RemovedPaths);
    }

    [Fact]
    public void Apply_OperatorPolicyToItsOwnClaim_KeepsTheWholeClaim()
    {
        var claim = StandardsFixture.Example<Claim>("kh-claim-hef");

        var decision = fixture.Catalog.SharingPolicies.Apply(claim, Pmrs, Pca, "claim-submit");

        Assert.Empty(decision.RemovedPaths);
        Assert.True(claim.IsExactly(decision.Resource!));
    }
}
