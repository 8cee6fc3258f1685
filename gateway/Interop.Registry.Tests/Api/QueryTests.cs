using System.Net;
using Hl7.Fhir.Model;
using Interop.Registry.Spids;
using static Interop.Registry.Tests.People;

namespace Interop.Registry.Tests.Api;

/// <summary>Read, search, <c>$ihe-pix</c> and <c>$match</c>, on every storage backend.</summary>
public sealed class QueryTests
{
    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task Read_BySpid_AnswersTheRegistrysPatient(string store)
    {
        await using var host = RegistryHost.Start(store);
        var nssf = NssfNumber();
        var registered = await host.RegisterAsync(Person("គឹម", "ផល្លា", "KIM", "PHALLA", "female", BirthDate(), Village(), Id(RegistryIdentifiers.NssfMemberNumber, nssf)));

        var response = await host.Client.GetAsync($"/fhir/Patient/{registered.Spid}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var patient = await RegistryHost.ReadAsync<Patient>(response);
        Assert.Equal([(RegistryIdentifiers.Spid, registered.Spid), (RegistryIdentifiers.NssfMemberNumber, nssf)], patient.Identifier.Select(i => (i.System, i.Value)));
        Assert.Equal(2, patient.Name.Count);
    }

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task Read_MistypedSpid_IsRefusedNamingTheId(string store)
    {
        await using var host = RegistryHost.Start(store);
        var spid = Spid.NewRandom();
        var mistyped = spid[..11] + (char)('0' + ((spid[11] - '0' + 3) % 10));

        var response = await host.Client.GetAsync($"/fhir/Patient/{mistyped}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["Patient.id"], await RegisterTests.ReadExpressionsAsync(response));
    }

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task Read_UnknownSpid_Answers404(string store)
    {
        await using var host = RegistryHost.Start(store);

        var response = await host.Client.GetAsync($"/fhir/Patient/{Spid.NewRandom()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(OperationOutcome.IssueType.NotFound, (await RegistryHost.ReadAsync<OperationOutcome>(response)).Issue[0].Code);
    }

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task Search_ByIdentifier_FindsTheHolder(string store)
    {
        await using var host = RegistryHost.Start(store);
        var card = EquityCard();
        var registered = await host.RegisterAsync(Person("ទេព", "វណ្ណា", "TEP", "VANNA", "male", BirthDate(), Village(), Id(RegistryIdentifiers.IdPoorEquityCard, card)), "KH/GOV/MOH/PCA");

        var found = await RegistryHost.ReadAsync<Bundle>(await host.Client.GetAsync($"/fhir/Patient?identifier={RegistryIdentifiers.IdPoorEquityCard}|{card}"));
        var missing = await RegistryHost.ReadAsync<Bundle>(await host.Client.GetAsync($"/fhir/Patient?identifier={RegistryIdentifiers.IdPoorEquityCard}|{EquityCard()}"));

        var patient = Assert.IsType<Patient>(Assert.Single(found.Entry).Resource);
        Assert.Contains(patient.Identifier, i => i.Value == registered.Spid);
        Assert.Empty(missing.Entry);
    }

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task Search_UnknownIdentifierSystem_IsRefused(string store)
    {
        await using var host = RegistryHost.Start(store);

        var response = await host.Client.GetAsync("/fhir/Patient?identifier=http://example.org/ids|42");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["identifier.system"], await RegisterTests.ReadExpressionsAsync(response));
    }

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task Pix_TargetSystem_AnswersOnlyThatSystem(string store)
    {
        await using var host = RegistryHost.Start(store);
        var (nssf, khmerId) = (NssfNumber(), KhmerId());
        var registered = await host.RegisterAsync(Person(null, null, "SENG", "RATHA", "male", BirthDate(), Village(),
            Id(RegistryIdentifiers.NssfMemberNumber, nssf), Id(RegistryIdentifiers.KhmerNationalId, khmerId)));

        var all = await RegistryHost.ReadAsync<Parameters>(await host.Client.GetAsync($"/fhir/Patient/$ihe-pix?sourceIdentifier={RegistryIdentifiers.KhmerNationalId}|{khmerId}"));
        var onlySpid = await RegistryHost.ReadAsync<Parameters>(await host.Client.GetAsync(
            $"/fhir/Patient/$ihe-pix?sourceIdentifier={RegistryIdentifiers.KhmerNationalId}|{khmerId}&targetSystem={RegistryIdentifiers.Spid}"));

        Assert.Equal([registered.Spid, nssf], all.Get("targetIdentifier").Select(p => ((Identifier)p.Value!).Value));
        Assert.Equal([registered.Spid], onlySpid.Get("targetIdentifier").Select(p => ((Identifier)p.Value!).Value));
    }

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task Pix_UnknownIdentifier_Answers404(string store)
    {
        await using var host = RegistryHost.Start(store);

        var response = await host.Client.GetAsync($"/fhir/Patient/$ihe-pix?sourceIdentifier={RegistryIdentifiers.NssfMemberNumber}|{NssfNumber()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await RegistryHost.ReadAsync<OperationOutcome>(response);
    }

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task Pix_UnknownSourceSystem_IsRefused(string store)
    {
        await using var host = RegistryHost.Start(store);

        var response = await host.Client.GetAsync("/fhir/Patient/$ihe-pix?sourceIdentifier=http://example.org/ids|42");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory, PostgresStore]
    public async System.Threading.Tasks.Task Match_WhenTheDatabaseFails_AnswersRetryLaterAsAnOperationOutcome_WithoutTheDatabasesWords(string store)
    {
        await using var host = RegistryHost.Start(store);
        await host.RegisterAsync(Person("ឈុន", "សុខា", "CHHUN", "SOKHA", "male", BirthDate(), Village(), Id(RegistryIdentifiers.NssfMemberNumber, NssfNumber())));
        // The registry's tables vanish under it (an operator's mistake, a failed restore): every query fails in the database.
        await using (var connection = new Npgsql.NpgsqlConnection(Environment.GetEnvironmentVariable(RegistryHost.PostgresVariable)))
        {
            await connection.OpenAsync();
            await using var drop = new Npgsql.NpgsqlCommand($"DROP TABLE {host.PostgresSchema}.records CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }

        var probe = new Parameters();
        probe.Parameter.Add(new Parameters.ParameterComponent { Name = "resource", Resource = Person(null, null, "CHUN", "SOKHA", "male", BirthDate(), Village()) });
        var response = await host.PostAsync("/fhir/Patient/$match", probe);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var outcome = await RegistryHost.ReadAsync<OperationOutcome>(response);
        Assert.Equal(("The registry's database could not answer. Retry later.", OperationOutcome.IssueType.Transient), (outcome.Issue.Single().Details?.Text, outcome.Issue.Single().Code));
        Assert.DoesNotContain("records", body, StringComparison.Ordinal); // "relation ... records does not exist": the database's words stay out
        Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);
        var logged = Assert.Single(host.Logs.Lines, l => l.EventName == "RegistryRequestFailed");
        Assert.Contains("PostgresException", logged.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Logs.Lines, l => l.Message.Contains("CHUN", StringComparison.Ordinal) || l.Message.Contains("does not exist", StringComparison.Ordinal));
    }

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task Match_SpellingVariant_AnswersScoredCandidatesWithMatchGrade(string store)
    {
        await using var host = RegistryHost.Start(store);
        var (birth, village) = (BirthDate(), Village());
        var registered = await host.RegisterAsync(Person("ឈុន", "សុខា", "CHHUN", "SOKHA", "male", birth, village, Id(RegistryIdentifiers.NssfMemberNumber, NssfNumber())));
        var probe = new Parameters();
        probe.Parameter.Add(new Parameters.ParameterComponent { Name = "resource", Resource = Person(null, null, "CHUN", "SOKHA", "male", birth, village) });

        var response = await host.PostAsync("/fhir/Patient/$match", probe);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entry = Assert.Single((await RegistryHost.ReadAsync<Bundle>(response)).Entry);
        Assert.Contains(((Patient)entry.Resource!).Identifier, i => i.Value == registered.Spid);
        Assert.InRange(entry.Search!.Score!.Value, 0.95m, 1m);
        Assert.Equal("probable", entry.Search.GetExtensionValue<Code>(RegistryIdentifiers.MatchGradeExtension)!.Value);
    }

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task Match_SharedIdentifier_IsCertain(string store)
    {
        await using var host = RegistryHost.Start(store);
        var (birth, village, nssf) = (BirthDate(), Village(), NssfNumber());
        await host.RegisterAsync(Person(null, null, "NHIM", "BORA", "male", birth, village, Id(RegistryIdentifiers.NssfMemberNumber, nssf)));
        var probe = new Parameters();
        probe.Parameter.Add(new Parameters.ParameterComponent { Name = "resource", Resource = Person(null, null, "NHIM", "BORA", "male", birth, null, Id(RegistryIdentifiers.NssfMemberNumber, nssf)) });

        var bundle = await RegistryHost.ReadAsync<Bundle>(await host.PostAsync("/fhir/Patient/$match", probe));

        var entry = Assert.Single(bundle.Entry);
        Assert.Equal((1m, "certain"), (entry.Search!.Score, entry.Search.GetExtensionValue<Code>(RegistryIdentifiers.MatchGradeExtension)!.Value));
    }
}
