using System.Text.Json.Nodes;
using Interop.Standards.Loading;

namespace Interop.Standards.Tests.Loading;

/// <summary>
/// Each test copies the repository's standards to a temporary folder, breaks one thing the way an author could,
/// and asserts that loading fails naming that file and the reason.
/// </summary>
public sealed class InconsistentStandardsTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "interop-standards-" + Guid.NewGuid().ToString("N"));

    public InconsistentStandardsTests()
    {
        foreach (var file in Directory.EnumerateFiles(StandardsFixture.StandardsRoot, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_root, Path.GetRelativePath(StandardsFixture.StandardsRoot, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Load_UntouchedCopy_Succeeds()
    {
        var catalog = StandardsCatalog.Load(new StandardsOptions { Root = _root });

        Assert.NotEmpty(catalog.Artifacts);
    }

    [Fact]
    public void Load_FileThatIsNotJson_NamesTheFile()
    {
        File.WriteAllText(Path.Combine(_root, "fhir/code-systems/CodeSystem-scheme.json"), "{ \"resourceType\": \"CodeSystem\", ");

        var problem = Assert.Single(LoadProblems());

        Assert.Equal("fhir/code-systems/CodeSystem-scheme.json", problem.File);
        Assert.Contains("not valid FHIR R4 JSON", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ArtifactWithAnElementR4DoesNotHave_NamesTheFileAndElement()
    {
        Edit("fhir/code-systems/CodeSystem-scheme.json", cs => cs["supplements2"] = "x");

        var problem = Assert.Single(LoadProblems());

        Assert.Equal("fhir/code-systems/CodeSystem-scheme.json", problem.File);
        Assert.Contains("supplements2", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BindingToAMissingValueSet_NamesTheProfileAndTheValueSet()
    {
        Edit("fhir/structure-definitions/StructureDefinition-kh-claim.json", sd =>
            Element(sd, "Claim.subType")["binding"]!["valueSet"] = "https://fhir.nspc.gov.kh/ValueSet/visit-kind");

        var problem = Assert.Single(LoadProblems());

        Assert.Equal("fhir/structure-definitions/StructureDefinition-kh-claim.json", problem.File);
        Assert.Contains("Claim.subType", problem.Reason, StringComparison.Ordinal);
        Assert.Contains("ValueSet/visit-kind", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ValueSetWithACodeNotInItsCodeSystem_NamesTheValueSetAndCode()
    {
        Edit("fhir/value-sets/ValueSet-hef-payment-type.json", vs =>
            vs["compose"]!["include"]![0]!["concept"]!.AsArray().Add(new JsonObject { ["code"] = "PATY-9999999" }));

        var problem = Assert.Single(LoadProblems());

        Assert.Equal("fhir/value-sets/ValueSet-hef-payment-type.json", problem.File);
        Assert.Contains("PATY-9999999", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ConceptMapToACodeTheTargetDoesNotHave_NamesTheMapAndCode()
    {
        Edit("fhir/concept-maps/ConceptMap-pmrs-visit-type-to-visit-type.json", map =>
            map["group"]![0]!["element"]![0]!["target"]![0]!["code"] = "DAYCARE");

        var problem = Assert.Single(LoadProblems());

        Assert.Equal("fhir/concept-maps/ConceptMap-pmrs-visit-type-to-visit-type.json", problem.File);
        Assert.Contains("'DAYCARE'", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ConceptMapThatForgetsASourceCode_NamesTheMissingCode()
    {
        Edit("fhir/concept-maps/ConceptMap-pmrs-visit-type-to-visit-type.json", map =>
            map["group"]![0]!["element"]!.AsArray().RemoveAt(0));

        var problem = Assert.Single(LoadProblems());

        Assert.Contains("is not mapped", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PolicyNamingAnElementThatDoesNotExist_NamesThePolicyAndPath()
    {
        Edit("policies/registry-identity.json", policy => policy["allow"]!.AsArray().Add("Patient.povertyLevel"));

        var problem = Assert.Single(LoadProblems());

        Assert.Equal("policies/registry-identity.json", problem.File);
        Assert.Contains("Patient.povertyLevel", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PolicyAllowingAnUndefinedExtension_NamesTheExtension()
    {
        Edit("policies/registry-identity.json", policy =>
            policy["allow"]!.AsArray().Add("Patient.extension('https://fhir.nspc.gov.kh/StructureDefinition/household-role')"));

        var problem = Assert.Single(LoadProblems());

        Assert.Equal("policies/registry-identity.json", problem.File);
        Assert.Contains("household-role", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ProfileConstrainingAnElementThatDoesNotExist_NamesTheElement()
    {
        Edit("fhir/structure-definitions/StructureDefinition-kh-claim.json", sd =>
        {
            Element(sd, "Claim.item.quantity")["id"] = "Claim.item.qty";
            Element(sd, "Claim.item.qty")["path"] = "Claim.item.qty";
        });

        var problem = Assert.Single(LoadProblems());

        Assert.Equal("fhir/structure-definitions/StructureDefinition-kh-claim.json", problem.File);
        Assert.Contains("Claim.item.qty", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InvariantThatIsNotFhirPath_NamesTheInvariant()
    {
        Edit("fhir/structure-definitions/StructureDefinition-kh-claim.json", sd =>
            Element(sd, "Claim")["constraint"]![0]!["expression"] = "total.value = item.net.value.sum(");

        var problem = Assert.Single(LoadProblems());

        Assert.Equal("fhir/structure-definitions/StructureDefinition-kh-claim.json", problem.File);
        Assert.Contains("kh-claim-1", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FileNameThatDoesNotMatchTheId_NamesTheExpectedName()
    {
        File.Move(Path.Combine(_root, "fhir/code-systems/CodeSystem-scheme.json"), Path.Combine(_root, "fhir/code-systems/CodeSystem-schemes.json"));

        var problem = Assert.Single(LoadProblems());

        Assert.Equal("fhir/code-systems/CodeSystem-schemes.json", problem.File);
        Assert.Contains("CodeSystem-scheme.json", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UrlOutsideTheCanonicalBase_IsRefused()
    {
        Edit("fhir/code-systems/CodeSystem-scheme.json", cs => cs["url"] = "http://example.org/CodeSystem/scheme");

        var problems = LoadProblems();

        Assert.Contains(problems, p => p.File == "fhir/code-systems/CodeSystem-scheme.json" && p.Reason.Contains("https://fhir.nspc.gov.kh/CodeSystem/scheme", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_CodeSystemCountThatDisagrees_NamesTheCount()
    {
        Edit("fhir/code-systems/CodeSystem-scheme.json", cs => cs["count"] = 7);

        var problem = Assert.Single(LoadProblems());

        Assert.Contains("count is 7", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NamingSystemWithABrokenPattern_NamesThePattern()
    {
        Edit("fhir/naming-systems/NamingSystem-khmer-national-id.json", ns => ns["extension"]![0]!["valueString"] = "^[0-9{9}$");

        var problem = Assert.Single(LoadProblems());

        Assert.Equal("fhir/naming-systems/NamingSystem-khmer-national-id.json", problem.File);
        Assert.Contains("^[0-9{9}$", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TariffPricingAnUnknownCaseGroup_NamesTheCode()
    {
        Edit("tariffs/sample-tariff.json", tariff => tariff["caseGroups"]![0]!["code"] = "CG99");

        var problem = Assert.Single(LoadProblems());

        Assert.Equal("tariffs/sample-tariff.json", problem.File);
        Assert.Contains("CG99", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SeveralBrokenFiles_ReportsEveryOneAtOnce()
    {
        Edit("tariffs/sample-tariff.json", tariff => tariff["caseGroups"]![0]!["code"] = "CG99");
        Edit("policies/registry-identity.json", policy => policy["allow"]!.AsArray().Add("Patient.povertyLevel"));
        Edit("fhir/code-systems/CodeSystem-scheme.json", cs => cs["count"] = 7);

        var files = LoadProblems().Select(p => p.File).Order(StringComparer.Ordinal);

        Assert.Equal(["fhir/code-systems/CodeSystem-scheme.json", "policies/registry-identity.json", "tariffs/sample-tariff.json"], files);
    }

    [Fact]
    public void Load_FolderWithoutStandards_SaysWhereItLooked()
    {
        var ex = Assert.Throws<StandardsLoadException>(() => StandardsCatalog.Load(new StandardsOptions { Root = Path.Combine(_root, "nowhere") }));

        Assert.Contains("nowhere", ex.Message, StringComparison.Ordinal);
    }

    private List<StandardsProblem> LoadProblems()
    {
        var ex = Assert.Throws<StandardsLoadException>(() => StandardsCatalog.Load(new StandardsOptions { Root = _root }));
        Assert.Contains(ex.Problems[0].File, ex.Message, StringComparison.Ordinal);
        return [.. ex.Problems];
    }

    private void Edit(string relative, Action<JsonObject> change)
    {
        var path = Path.Combine(_root, relative);
        var node = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        change(node);
        File.WriteAllText(path, node.ToJsonString());
    }

    private static JsonObject Element(JsonObject sd, string id) =>
        sd["differential"]!["element"]!.AsArray().Select(e => e!.AsObject()).Single(e => (string?)e["id"] == id);
}
