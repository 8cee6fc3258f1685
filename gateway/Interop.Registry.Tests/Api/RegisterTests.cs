using System.Net;
using Hl7.Fhir.Model;
using Interop.Registry.Spids;
using static Interop.Registry.Tests.People;

namespace Interop.Registry.Tests.Api;

/// <summary><c>POST Patient/$register</c> through the real pipeline, on every storage backend.</summary>
public sealed class RegisterTests
{
    private const string Nssf = "KH/GOV/NSSF/HSPIS";
    private const string Pmrs = "KH/GOV/MOH/PMRS-120101";

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task Register_UnknownPerson_IssuesANewSpidWithAValidCheckDigit(string store)
    {
        await using var host = RegistryHost.Start(store);
        var patient = Person("សៅ", "សុវណ្ណ", "SAO", "SOVANN", "male", BirthDate(), Village(), Id(RegistryIdentifiers.NssfMemberNumber, NssfNumber()));

        var response = await host.PostAsync("/fhir/Patient/$register", patient);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var answer = await RegistryHost.ReadAsync<Parameters>(response);
        var outcome = Assert.IsType<Coding>(answer.GetSingle("outcome")!.Value);
        Assert.Equal(("new", RegistryIdentifiers.RegistrationOutcomeSystem), (outcome.Code, outcome.System));
        var registered = Assert.IsType<Patient>(answer.GetSingle("patient")!.Resource);
        var spid = registered.Identifier.Single(i => i.System == RegistryIdentifiers.Spid).Value;
        Assert.Equal(SpidCheck.Valid, Spid.Check(spid));
        Assert.Contains(registered.Identifier, i => i.System == RegistryIdentifiers.NssfMemberNumber);
        Assert.DoesNotContain(spid!, registered.Id, StringComparison.Ordinal);
    }

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task Register_NamesFarLongerThanAnyRealOne_AreRegisteredWhole_AndStillMatched(string store)
    {
        // Features are compared on their first 100 characters; PostgreSQL keeps them in an index whose rows cannot pass
        // about 2.7 KB, so unbounded Khmer names (3 bytes a character) would fail the insert instead.
        await using var host = RegistryHost.Start(store);
        // Random letters, not a repeated name: PostgreSQL compresses a repetitive index row under its limit.
        var random = new Random(5);
        var khmer = new string([.. Enumerable.Range(0, 2000).Select(_ => (char)random.Next(0x1780, 0x17A3))]);
        var latin = new string([.. Enumerable.Range(0, 2000).Select(_ => (char)random.Next('A', 'Z' + 1))]);
        var (birth, village) = (BirthDate(), Village());
        var patient = Person(khmer, khmer, latin, latin, "female", birth, village, Id(RegistryIdentifiers.NssfMemberNumber, NssfNumber()));

        var first = await host.RegisterAsync(patient);
        var again = await host.RegisterAsync(Person(khmer, khmer, latin, latin, "female", birth, village, Id(RegistryIdentifiers.PmrsPatientCode, PmrsCode())), Pmrs);

        Assert.Equal(("new", "existing", first.Spid), (first.Outcome, again.Outcome, again.Spid));
        var kept = Assert.IsType<Patient>(first.Answer.GetSingle("patient")!.Resource);
        Assert.Equal(latin, kept.Name.Single(n => n.Family?[0] is >= 'A' and <= 'Z').Family);
    }

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task Register_SameIdentifierTwice_AnswersExistingWithTheSameSpid(string store)
    {
        await using var host = RegistryHost.Start(store);
        var patient = Person(null, null, "KEO", "DARA", "male", BirthDate(), Village(), Id(RegistryIdentifiers.NssfMemberNumber, NssfNumber()));

        var first = await host.RegisterAsync(patient);
        var second = await host.RegisterAsync(patient);

        Assert.Equal(("new", "existing"), (first.Outcome, second.Outcome));
        Assert.Equal(first.Spid, second.Spid);
    }

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task Register_SamePersonFromAnotherSchemeWithSpellingVariants_JoinsTheSameSpid(string store)
    {
        await using var host = RegistryHost.Start(store);
        var (birth, village, nssf, pmrs) = (BirthDate(), Village(), NssfNumber(), PmrsCode());
        var atNssf = Person("ឈុន", "សុវណ្ណ", "CHHUN", "SOVANN", "female", birth, village, Id(RegistryIdentifiers.NssfMemberNumber, nssf));
        // Another scheme: zero-width space and a different Khmer spelling, another romanization, names swapped, year only.
        var atFacility = Person("សុវ៉ាន់\u200B", "ឈុន", "SOVANNA", "CHUN", "female", birth[..4], village, Id(RegistryIdentifiers.PmrsPatientCode, pmrs));

        var first = await host.RegisterAsync(atNssf, Nssf);
        var second = await host.RegisterAsync(atFacility, Pmrs);

        Assert.Equal("existing", second.Outcome);
        Assert.Equal(first.Spid, second.Spid);
        var pix = await RegistryHost.ReadAsync<Parameters>(await host.Client.GetAsync($"/fhir/Patient/$ihe-pix?sourceIdentifier={RegistryIdentifiers.PmrsPatientCode}|{pmrs}"));
        var targets = pix.Get("targetIdentifier").Select(p => (Identifier)p.Value!).Select(i => (i.System, i.Value)).ToList();
        Assert.Contains((RegistryIdentifiers.NssfMemberNumber, nssf), targets);
        Assert.Contains((RegistryIdentifiers.Spid, first.Spid), targets);
    }

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task Register_ChildWithoutKhmerId_StillMatchesOnTheRest(string store)
    {
        await using var host = RegistryHost.Start(store);
        var (village, birth) = (Village(), "2016-03-09");
        var first = await host.RegisterAsync(Person("ម៉ៅ", "ស្រីពៅ", "MAO", "SREYPOV", "female", birth, village, Id(RegistryIdentifiers.IdPoorEquityCard, EquityCard())), "KH/GOV/MOH/PCA");

        var second = await host.RegisterAsync(Person("ម៉ៅ", "ស្រីពៅ", "MAO", "SREY POV", "female", birth, village, Id(RegistryIdentifiers.PmrsPatientCode, PmrsCode())), Pmrs);

        Assert.Equal((first.Spid, "existing"), (second.Spid, second.Outcome));
    }

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task Register_OneKhmerIdOnAVeryDifferentPerson_GoesToReviewNotToAMerge(string store)
    {
        await using var host = RegistryHost.Start(store);
        var khmerId = KhmerId();
        var first = await host.RegisterAsync(Person("សុខ", "ដារា", "SOK", "DARA", "male", BirthDate(), Village(), Id(RegistryIdentifiers.KhmerNationalId, khmerId)));

        var second = await host.RegisterAsync(Person("ហេង", "ចាន់ថា", "HENG", "CHANTHA", "female", BirthDate(), Village(), Id(RegistryIdentifiers.KhmerNationalId, khmerId)), Pmrs);

        Assert.Equal("possible-duplicate", second.Outcome);
        Assert.NotEqual(first.Spid, second.Spid);
        var candidate = Assert.IsType<ResourceReference>(Assert.Single(second.Answer.Get("candidate")).Value);
        Assert.Equal(first.Spid, candidate.Identifier!.Value);
    }

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task Register_UncertainPair_IsQueuedForReviewWithPerFieldScores(string store)
    {
        await using var host = RegistryHost.Start(store);
        var (village, birth) = (Village(), BirthDate());
        var first = await host.RegisterAsync(Person(null, null, "LY", "SOPHEA", "female", birth, village, Id(RegistryIdentifiers.NssfMemberNumber, NssfNumber())));

        // A close given name and only the birth year known: not enough to link, too much to ignore.
        var second = await host.RegisterAsync(Person(null, null, "LY", "SOPHEAP", "female", birth[..4], village, Id(RegistryIdentifiers.PmrsPatientCode, PmrsCode())), Pmrs);

        Assert.Equal("possible-duplicate", second.Outcome);
        var queue = await RegistryHost.ReadAsync<Parameters>(await host.Client.GetAsync("/fhir/Patient/$review-queue"));
        var item = Assert.Single(queue.Get("item"));
        Assert.Equal([second.Spid, first.Spid], item.Part.Where(p => p.Name is "patient" or "candidate").Select(p => ((ResourceReference)p.Value!).Identifier!.Value));
        Assert.Equal(["family-name", "given-name", "sex", "birth-date", "village"], item.Part.Where(p => p.Name == "field").Select(p => ((Code)p.Part[0].Value!).Value));
    }

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task Register_MaritalStatus_IsRefusedNamingTheElement(string store)
    {
        await using var host = RegistryHost.Start(store);
        var patient = Person(null, null, "SAO", "SOVAN", "male", BirthDate(), null, Id(RegistryIdentifiers.NssfMemberNumber, NssfNumber()));
        patient.MaritalStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-MaritalStatus", "M");

        var response = await host.PostAsync("/fhir/Patient/$register", patient);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(await ReadExpressionsAsync(response), e => e == "Patient.maritalStatus");
    }

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task Register_ProgramExtension_IsRefusedNamingTheElement(string store)
    {
        await using var host = RegistryHost.Start(store);
        var patient = Person(null, null, "SAO", "SOVAN", "male", BirthDate(), null, Id(RegistryIdentifiers.NssfMemberNumber, NssfNumber()));
        patient.SetExtension("https://fhir.nspc.gov.kh/StructureDefinition/monthly-wage", new Money { Value = 300, Currency = Money.Currencies.USD });

        var response = await host.PostAsync("/fhir/Patient/$register", patient);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(await ReadExpressionsAsync(response), e => e.StartsWith("Patient.extension", StringComparison.Ordinal));
    }

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task Register_AddressLine_IsRefusedByTheIdentityPolicyNamingThePath(string store)
    {
        await using var host = RegistryHost.Start(store);
        var patient = Person(null, null, "SAO", "SOVAN", "male", BirthDate(), Village(), Id(RegistryIdentifiers.NssfMemberNumber, NssfNumber()));
        patient.Address[0].Line = ["House 12, Street 271"];

        var response = await host.PostAsync("/fhir/Patient/$register", patient);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(await ReadExpressionsAsync(response), e => e.StartsWith("Patient.address[0].line", StringComparison.Ordinal));
    }

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task Register_UnknownIdentifierSystem_IsRefusedNamingIt(string store)
    {
        await using var host = RegistryHost.Start(store);
        var patient = Person(null, null, "SAO", "SOVAN", "male", BirthDate(), null, Id("http://example.org/patients", "12345"));

        var response = await host.PostAsync("/fhir/Patient/$register", patient);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(["Patient.identifier[0].system"], await ReadExpressionsAsync(response));
    }

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task Register_MistypedSpid_IsRefusedNamingTheIdentifier(string store)
    {
        await using var host = RegistryHost.Start(store);
        var spid = Spid.NewRandom();
        var mistyped = spid[..5] + (char)('0' + ((spid[5] - '0' + 1) % 10)) + spid[6..];
        var patient = Person(null, null, "SAO", "SOVAN", "male", BirthDate(), null, Id(RegistryIdentifiers.Spid, mistyped));

        var response = await host.PostAsync("/fhir/Patient/$register", patient);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(await ReadExpressionsAsync(response), e => e.StartsWith("Patient.identifier[0]", StringComparison.Ordinal));
    }

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task Register_SpidNeverIssued_IsRefused(string store)
    {
        await using var host = RegistryHost.Start(store);
        var patient = Person(null, null, "SAO", "SOVAN", "male", BirthDate(), null, Id(RegistryIdentifiers.Spid, Spid.NewRandom()));

        var response = await host.PostAsync("/fhir/Patient/$register", patient);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(["Patient.identifier[0]"], await ReadExpressionsAsync(response));
    }

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task Register_SamePersonConcurrently_IssuesOneSpid(string store)
    {
        await using var host = RegistryHost.Start(store);
        var patient = Person(null, null, "HUN", "SOKHOM", "male", BirthDate(), Village(), Id(RegistryIdentifiers.NssfMemberNumber, NssfNumber()));

        var results = await System.Threading.Tasks.Task.WhenAll(Enumerable.Range(0, 8).Select(_ => host.RegisterAsync(patient)));

        Assert.Single(results.Select(r => r.Spid).Distinct());
        Assert.Single(results, r => r.Outcome == "new");
    }

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task Register_SamePersonFromSeveralSchemesConcurrently_IssuesOneSpid(string store)
    {
        await using var host = RegistryHost.Start(store);
        var (birth, village) = (BirthDate(), Village());

        var results = await System.Threading.Tasks.Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            host.RegisterAsync(Person("ឃឹម", "ម៉ារ៉ា", "KHIM", "MARA", "female", birth, village, Id(RegistryIdentifiers.PmrsPatientCode, PmrsCode())), Pmrs)));

        Assert.Single(results.Select(r => r.Spid).Distinct());
    }

    [Theory, PostgresStore]
    public async System.Threading.Tasks.Task Register_SamePersonThroughTwoRegistryInstancesConcurrently_IssuesOneSpid(string store)
    {
        await using var one = RegistryHost.Start(store);
        await using var other = RegistryHost.Start(store, sameDatabaseAs: one);
        var (birth, village) = (BirthDate(), Village());
        Patient Registration() => Person("ឡុង", "សុខនី", "LONG", "SOKHNY", "female", birth, village, Id(RegistryIdentifiers.PmrsPatientCode, PmrsCode()));

        var results = await System.Threading.Tasks.Task.WhenAll(Enumerable.Range(0, 6).Select(i => (i % 2 == 0 ? one : other).RegisterAsync(Registration(), Pmrs)));

        Assert.Single(results.Select(r => r.Spid).Distinct());
    }

    [Fact]
    public async System.Threading.Tasks.Task Register_WithoutMemberHeader_IsRefused()
    {
        await using var host = RegistryHost.Start("sqlite");

        var response = await host.Client.PostAsync("/fhir/Patient/$register", RegistryHost.Fhir(Person(null, null, "SAO", "SOVAN", "male", BirthDate(), null)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async System.Threading.Tasks.Task Register_NotJson_IsRefusedWith415()
    {
        await using var host = RegistryHost.Start("sqlite");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/fhir/Patient/$register") { Content = new StringContent("<Patient/>", System.Text.Encoding.UTF8, "application/xml") };
        request.Headers.Add("X-Member-Id", Nssf);

        var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    internal static async Task<IReadOnlyList<string>> ReadExpressionsAsync(HttpResponseMessage response) =>
        (await RegistryHost.ReadAsync<OperationOutcome>(response)).Issue.SelectMany(i => i.Expression).OfType<string>().ToList();
}
