using System.Net;
using Hl7.Fhir.Model;
using Interop.Registry.Spids;
using static Interop.Registry.Tests.People;

namespace Interop.Registry.Tests.Api;

/// <summary><c>$link</c>, <c>$unlink</c>, <c>$merge</c>, the review decisions and the audit trail, on every storage backend.</summary>
public sealed class LinkMergeTests
{
    private const string Operator = "KH/GOV/NSPC/REGISTRY-DESK";

    private static Parameters Pair(string first, string firstSpid, string second, string secondSpid, string? reason = "Same person: documents checked at the commune office")
    {
        var parameters = new Parameters();
        parameters.Add(first, new Identifier(RegistryIdentifiers.Spid, firstSpid));
        parameters.Add(second, new Identifier(RegistryIdentifiers.Spid, secondSpid));
        if (reason is not null)
        {
            parameters.Add("reason", new FhirString(reason));
        }

        return parameters;
    }

    private static async Task<(string A, string B, string NssfA, string PmrsB)> TwoPeopleAsync(RegistryHost host)
    {
        var (nssf, pmrs) = (NssfNumber(), PmrsCode());
        var a = await host.RegisterAsync(Person("សុខ", "ពិសី", "SOK", "PISEY", "female", BirthDate(), Village(), Id(RegistryIdentifiers.NssfMemberNumber, nssf)));
        var b = await host.RegisterAsync(Person("ជា", "វិចិត្រ", "CHEA", "VICHET", "male", BirthDate(), Village(), Id(RegistryIdentifiers.PmrsPatientCode, pmrs)), "KH/GOV/MOH/PMRS-120101");
        return (a.Spid, b.Spid, nssf, pmrs);
    }

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task Link_TwoPersons_CrossReferencesTheirIdentifiersAndAudits(string store)
    {
        await using var host = RegistryHost.Start(store);
        var (a, b, nssf, pmrs) = await TwoPeopleAsync(host);

        var response = await host.PostAsync("/fhir/Patient/$link", Pair("patient", a, "other-patient", b), Operator);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var pix = await RegistryHost.ReadAsync<Parameters>(await host.Client.GetAsync($"/fhir/Patient/$ihe-pix?sourceIdentifier={RegistryIdentifiers.NssfMemberNumber}|{nssf}"));
        Assert.Contains(pix.Get("targetIdentifier"), p => ((Identifier)p.Value!).Value == pmrs);
        var patient = await RegistryHost.ReadAsync<Patient>(await host.Client.GetAsync($"/fhir/Patient/{a}"));
        Assert.Equal(b, Assert.Single(patient.Link).Other!.Identifier!.Value);
        var audit = await RegistryHost.ReadAsync<Bundle>(await host.Client.GetAsync($"/fhir/AuditEvent?patient={a}"));
        var line = Assert.IsType<AuditEvent>(Assert.Single(audit.Entry).Resource);
        Assert.Equal(("link", Operator, "Same person: documents checked at the commune office"), (line.Type!.Code, line.Agent[0].Who!.Identifier!.Value, line.PurposeOfEvent[0].Text));
    }

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task Unlink_LinkedPersons_SeparatesThemAndAuditsBothSteps(string store)
    {
        await using var host = RegistryHost.Start(store);
        var (a, b, nssf, pmrs) = await TwoPeopleAsync(host);
        await host.PostAsync("/fhir/Patient/$link", Pair("patient", a, "other-patient", b), Operator);

        var response = await host.PostAsync("/fhir/Patient/$unlink", Pair("patient", a, "other-patient", b, "Linked in error"), Operator);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var pix = await RegistryHost.ReadAsync<Parameters>(await host.Client.GetAsync($"/fhir/Patient/$ihe-pix?sourceIdentifier={RegistryIdentifiers.NssfMemberNumber}|{nssf}"));
        Assert.DoesNotContain(pix.Get("targetIdentifier"), p => ((Identifier)p.Value!).Value == pmrs);
        var audit = await RegistryHost.ReadAsync<Bundle>(await host.Client.GetAsync($"/fhir/AuditEvent?patient={b}"));
        Assert.Equal(["link", "unlink"], audit.Entry.Select(e => ((AuditEvent)e.Resource!).Type.Code));
    }

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task Unlink_PersonsNotLinked_IsRefused(string store)
    {
        await using var host = RegistryHost.Start(store);
        var (a, b, _, _) = await TwoPeopleAsync(host);

        var response = await host.PostAsync("/fhir/Patient/$unlink", Pair("patient", a, "other-patient", b), Operator);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task Merge_SourceSpid_KeepsResolvingToTheSurvivor(string store)
    {
        await using var host = RegistryHost.Start(store);
        var (a, b, nssf, _) = await TwoPeopleAsync(host);

        var response = await host.PostAsync("/fhir/Patient/$merge", Pair("source-patient", a, "target-patient", b, "Registered twice"), Operator);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var read = await RegistryHost.ReadAsync<Patient>(await host.Client.GetAsync($"/fhir/Patient/{a}"));
        Assert.Equal(b, read.Identifier.Single(i => i.Use == Identifier.IdentifierUse.Official).Value);
        Assert.Contains(read.Identifier, i => i.Value == a && i.Use == Identifier.IdentifierUse.Old);
        Assert.Contains(read.Identifier, i => i.Value == nssf);
        var pix = await RegistryHost.ReadAsync<Parameters>(await host.Client.GetAsync($"/fhir/Patient/$ihe-pix?sourceIdentifier={RegistryIdentifiers.Spid}|{a}&targetSystem={RegistryIdentifiers.Spid}"));
        Assert.Equal([b], pix.Get("targetIdentifier").Select(p => ((Identifier)p.Value!).Value));
        var audit = await RegistryHost.ReadAsync<Bundle>(await host.Client.GetAsync($"/fhir/AuditEvent?patient={a}"));
        Assert.Equal(("merge", "Registered twice"), (((AuditEvent)audit.Entry.Single().Resource!).Type.Code, ((AuditEvent)audit.Entry.Single().Resource!).PurposeOfEvent[0].Text));
    }

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task Register_WithAMergedSpid_JoinsTheSurvivor(string store)
    {
        await using var host = RegistryHost.Start(store);
        var (a, b, _, _) = await TwoPeopleAsync(host);
        await host.PostAsync("/fhir/Patient/$merge", Pair("source-patient", a, "target-patient", b), Operator);
        var patient = await RegistryHost.ReadAsync<Patient>(await host.Client.GetAsync($"/fhir/Patient/{b}"));
        patient.Id = null;
        patient.Link.Clear();
        patient.Identifier = [new Identifier(RegistryIdentifiers.Spid, a)];

        var registered = await host.RegisterAsync(patient, "KH/GOV/MOH/PMRS-120101");

        Assert.Equal((b, "existing"), (registered.Spid, registered.Outcome));
    }

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task Merge_AlreadyMergedSource_IsRefused(string store)
    {
        await using var host = RegistryHost.Start(store);
        var (a, b, _, _) = await TwoPeopleAsync(host);
        await host.PostAsync("/fhir/Patient/$merge", Pair("source-patient", a, "target-patient", b), Operator);

        var response = await host.PostAsync("/fhir/Patient/$merge", Pair("source-patient", a, "target-patient", b), Operator);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(["Parameters.parameter('source-patient')"], await RegisterTests.ReadExpressionsAsync(response));
    }

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task Link_WithoutReason_IsRefused(string store)
    {
        await using var host = RegistryHost.Start(store);
        var (a, b, _, _) = await TwoPeopleAsync(host);

        var response = await host.PostAsync("/fhir/Patient/$link", Pair("patient", a, "other-patient", b, reason: null), Operator);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["Parameters.parameter('reason')"], await RegisterTests.ReadExpressionsAsync(response));
    }

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task Link_MistypedSpid_IsRefusedNamingTheParameter(string store)
    {
        await using var host = RegistryHost.Start(store);
        var (a, _, _, _) = await TwoPeopleAsync(host);
        var spid = Spid.NewRandom();
        var mistyped = spid[..11] + (char)('0' + ((spid[11] - '0' + 1) % 10));

        var response = await host.PostAsync("/fhir/Patient/$link", Pair("patient", a, "other-patient", mistyped), Operator);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(["Parameters.parameter('other-patient')"], await RegisterTests.ReadExpressionsAsync(response));
    }

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task Link_WithoutMember_IsRefused(string store)
    {
        await using var host = RegistryHost.Start(store);
        var (a, b, _, _) = await TwoPeopleAsync(host);

        var response = await host.Client.PostAsync("/fhir/Patient/$link", RegistryHost.Fhir(Pair("patient", a, "other-patient", b)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty((await RegistryHost.ReadAsync<Bundle>(await host.Client.GetAsync($"/fhir/AuditEvent?patient={a}"))).Entry);
    }

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task ReviewDecision_SamePerson_LinksThePair(string store)
    {
        await using var host = RegistryHost.Start(store);
        var (itemId, first, second) = await UncertainPairAsync(host);

        var response = await host.PostAsync("/fhir/Patient/$review-resolve", Decision(itemId, "same-person"), Operator);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var pix = await RegistryHost.ReadAsync<Parameters>(await host.Client.GetAsync($"/fhir/Patient/$ihe-pix?sourceIdentifier={RegistryIdentifiers.Spid}|{first}&targetSystem={RegistryIdentifiers.Spid}"));
        Assert.Equal([second], pix.Get("targetIdentifier").Select(p => ((Identifier)p.Value!).Value));
        var audit = await RegistryHost.ReadAsync<Bundle>(await host.Client.GetAsync($"/fhir/AuditEvent?patient={first}"));
        Assert.Equal("review-same-person", ((AuditEvent)audit.Entry.Single().Resource!).Type.Code);
    }

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task ReviewDecision_DifferentPeople_IsNeverOfferedAgain(string store)
    {
        await using var host = RegistryHost.Start(store);
        var (itemId, _, second) = await UncertainPairAsync(host);

        var response = await host.PostAsync("/fhir/Patient/$review-resolve", Decision(itemId, "different-people"), Operator);
        var again = await host.PostAsync("/fhir/Patient/$review-resolve", Decision(itemId, "same-person"), Operator);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Conflict), (response.StatusCode, again.StatusCode));
        var queue = await RegistryHost.ReadAsync<Parameters>(await host.Client.GetAsync("/fhir/Patient/$review-queue"));
        Assert.Empty(queue.Get("item"));
        var pix = await RegistryHost.ReadAsync<Parameters>(await host.Client.GetAsync($"/fhir/Patient/$ihe-pix?sourceIdentifier={RegistryIdentifiers.Spid}|{second}&targetSystem={RegistryIdentifiers.Spid}"));
        Assert.Empty(pix.Get("targetIdentifier"));
    }

    private static Parameters Decision(string item, string decision)
    {
        var parameters = new Parameters();
        parameters.Add("item", new FhirString(item));
        parameters.Add("decision", new Code(decision));
        parameters.Add("reason", new FhirString("Checked against the family book"));
        return parameters;
    }

    private static async Task<(string Item, string First, string Second)> UncertainPairAsync(RegistryHost host)
    {
        var (village, birth) = (Village(), BirthDate());
        var first = await host.RegisterAsync(Person(null, null, "LY", "SOPHEA", "female", birth, village, Id(RegistryIdentifiers.NssfMemberNumber, NssfNumber())));
        var second = await host.RegisterAsync(Person(null, null, "LY", "SOPHEAP", "female", birth[..4], village, Id(RegistryIdentifiers.PmrsPatientCode, PmrsCode())), "KH/GOV/MOH/PMRS-120101");
        Assert.Equal("possible-duplicate", second.Outcome);
        var queue = await RegistryHost.ReadAsync<Parameters>(await host.Client.GetAsync("/fhir/Patient/$review-queue"));
        var item = Assert.Single(queue.Get("item"));
        return (((FhirString)item.Part.Single(p => p.Name == "id").Value!).Value!, first.Spid, second.Spid);
    }
}
