using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Interop.Standards.Policies;
using Interop.Standards.Validation;

namespace Interop.Standards.Benchmarks;

/// <summary>
/// What validation costs on the request path: a typical HEF claim of 10 items against kh-claim-hef (and its base
/// kh-claim), an identity Patient against kh-patient-identity, and the registry policy applied to a Patient.
/// Figures go to standards/README.md.
/// </summary>
[MemoryDiagnoser]
public class ClaimValidationBenchmarks
{
    private IFhirValidator _validator = null!;
    private ISharingPolicies _policies = null!;
    private Claim _claim = null!;
    private Patient _patient = null!;
    private string _claimJson = null!;

    [GlobalSetup]
    public void Setup()
    {
        var catalog = StandardsCatalog.Load(new StandardsOptions());
        _validator = catalog.Validator;
        _policies = catalog.SharingPolicies;
        var examples = Path.Combine(AppContext.BaseDirectory, "standards", "examples");
        var deserializer = new FhirJsonDeserializer(new DeserializerSettings());
        _claim = ClaimOfTenItems((Claim)deserializer.DeserializeResource(File.ReadAllText(Path.Combine(examples, "kh-claim-hef.json"))));
        _patient = (Patient)deserializer.DeserializeResource(File.ReadAllText(Path.Combine(examples, "kh-patient-identity.json")));
        _claimJson = JsonSerializer.Serialize(_claim, new JsonSerializerOptions().ForFhir());

        var report = _validator.Validate(_claim);
        if (!report.IsValid || _claim.Item.Count != 10)
        {
            throw new InvalidOperationException("The benchmark claim must be a valid claim of 10 items: " + string.Join("; ", report.Issues.Select(i => i.Message)));
        }
    }

    [Benchmark(Description = "Validate Claim (10 items) against kh-claim-hef")]
    public bool ValidateClaim() => _validator.Validate(_claim).IsValid;

    [Benchmark(Description = "Parse + validate Claim (10 items) from JSON")]
    public bool ParseAndValidateClaim() => _validator.ParseAndValidate(_claimJson).Report.IsValid;

    [Benchmark(Description = "Validate Patient against kh-patient-identity")]
    public bool ValidatePatient() => _validator.Validate(_patient).IsValid;

    [Benchmark(Description = "Apply registry policy to Patient")]
    public int FilterPatient() => _policies.Apply(_patient, "KH/GOV/MOH/PMRS-120101", "KH/GOV/NSPC/REGISTRY", "register").RemovedPaths.Count;

    private static Claim ClaimOfTenItems(Claim claim)
    {
        var services = new[] { "HEF-IPD-DAY", "HEF-LAB-CBC", "HEF-LAB-MALARIA-RDT", "HEF-LAB-GLUCOSE", "HEF-LAB-URINE", "HEF-IMG-XRAY", "HEF-IMG-ULTRASOUND", "HEF-IPD-DELIVERY" };
        claim.Item.Clear();
        for (var i = 0; i < 10; i++)
        {
            var isFee = i >= services.Length;
            var code = isFee ? (i == 8 ? "TRANSPORT" : "CARETAKER-FOOD") : services[i];
            var system = CanonicalUrls.For("CodeSystem", isFee ? "fee-item" : "hef-service");
            var quantity = i % 3 + 1;
            var price = 5000m * (i + 1);
            claim.Item.Add(new Claim.ItemComponent
            {
                Sequence = i + 1,
                ProductOrService = new CodeableConcept(system, code),
                Quantity = new Quantity { Value = quantity },
                UnitPrice = new Money { Value = price, Currency = Money.Currencies.KHR },
                Net = new Money { Value = price * quantity, Currency = Money.Currencies.KHR },
            });
        }

        claim.Total = new Money { Value = claim.Item.Sum(i => i.Net!.Value), Currency = Money.Currencies.KHR };
        return claim;
    }
}
