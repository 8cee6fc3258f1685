using Interop.Registry.Spids;
using Interop.Registry.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Interop.Registry.Tests.Storage;

/// <summary>The store's guarantees, on every backend: SPIDs and identifiers unique, the audit trail append-only.</summary>
public sealed class StoreTests
{
    private static IdentityRecord Record(string spid) => new() { Spid = spid, Member = "KH/GOV/NSSF/HSPIS", ContentDigest = Guid.NewGuid().ToString("N"), ResourceJson = "{}" };

    private static RegistrationWrite NewPerson(string spid, params (string, string)[] identifiers) =>
        new(new PersonRow(spid, "pat-" + spid, null, DateTimeOffset.UnixEpoch), Record(spid), identifiers, [1, 2], [], [new AuditDraft("register", "KH/GOV/NSSF/HSPIS", "test", spid, null)], []);

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task Register_SpidAlreadyIssued_IsRefusedAsASpidConflict(string store)
    {
        await using var host = RegistryHost.Start(store);
        var registry = host.Services.GetRequiredService<IRegistryStore>();
        var spid = Spid.NewRandom();
        await registry.RegisterAsync(NewPerson(spid));

        var conflict = await Assert.ThrowsAsync<RegistryConflictException>(() => registry.RegisterAsync(NewPerson(spid)));

        Assert.True(conflict.SpidTaken);
        Assert.Equal((1L, 1L), await registry.CountAsync());
    }

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task Register_IdentifierAlreadyHeld_IsRefusedAndNothingIsWritten(string store)
    {
        await using var host = RegistryHost.Start(store);
        var registry = host.Services.GetRequiredService<IRegistryStore>();
        await registry.RegisterAsync(NewPerson(Spid.NewRandom(), (RegistryIdentifiers.NssfMemberNumber, "1234567890")));
        var second = Spid.NewRandom();

        var conflict = await Assert.ThrowsAsync<RegistryConflictException>(() => registry.RegisterAsync(NewPerson(second, (RegistryIdentifiers.NssfMemberNumber, "1234567890"))));

        Assert.False(conflict.SpidTaken);
        Assert.Null(await registry.FindPersonAsync(second));
    }

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task Candidates_AreBoundedPerBlockingKey(string store)
    {
        await using var host = RegistryHost.Start(store);
        var registry = host.Services.GetRequiredService<IRegistryStore>();
        for (var i = 0; i < 30; i++)
        {
            await registry.RegisterAsync(NewPerson(Spid.NewRandom()));
        }

        Assert.Equal(10, (await registry.FindCandidatesAsync([1L], limitPerKey: 10)).Count);
        Assert.Equal(30, (await registry.FindCandidatesAsync([1L, 2L], limitPerKey: 100)).Count);
    }

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task BulkLoad_WritesPersonsIdentifiersAndKeysInOneGo(string store)
    {
        await using var host = RegistryHost.Start(store);
        var registry = host.Services.GetRequiredService<IRegistryStore>();
        var spids = Enumerable.Range(0, 3).Select(_ => Spid.NewRandom()).ToList();
        RegistrationWrite Plain(string spid, int i) => NewPerson(spid, (RegistryIdentifiers.PmrsPatientCode, $"P1000000{i}")) with { Audits = [] };

        await registry.BulkLoadAsync([.. spids.Select(Plain)]);

        Assert.Equal((3L, 3L), await registry.CountAsync());
        Assert.Equal(spids[1], (await registry.FindIdentifierAsync(RegistryIdentifiers.PmrsPatientCode, "P10000001"))!.Spid);
        Assert.Equal(3, (await registry.FindCandidatesAsync([1L], 10)).Count);
        await Assert.ThrowsAsync<RegistryConflictException>(() => registry.BulkLoadAsync([Plain(Spid.NewRandom(), 0)]));
        Assert.Equal((3L, 3L), await registry.CountAsync());
    }

    private static RegistrationWrite Plain(string spid, string patientCode) =>
        NewPerson(spid, (RegistryIdentifiers.PmrsPatientCode, patientCode)) with { Audits = [] };

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task InitialLoad_FromSeveralWorkers_ServesWithEveryKeyOnceCompleted(string store)
    {
        await using var host = RegistryHost.Start(store);
        var registry = host.Services.GetRequiredService<IRegistryStore>();
        var spids = Enumerable.Range(0, 400).Select(_ => Spid.NewRandom()).Distinct().ToList();

        await using (var load = await registry.BeginBulkLoadAsync())
        {
            Assert.Equal(store == "postgres", load.DefersIndexes); // an empty PostgreSQL registry builds its keys at the end
            await System.Threading.Tasks.Task.WhenAll(spids.Chunk(50).Select((batch, b) => System.Threading.Tasks.Task.Run(() =>
                load.LoadAsync([.. batch.Select((spid, i) => Plain(spid, $"P2{b:D3}{i:D4}"))]))));
            await load.CompleteAsync();
        }

        Assert.Equal((spids.Count, spids.Count), await registry.CountAsync());
        Assert.Equal(spids[51], (await registry.FindIdentifierAsync(RegistryIdentifiers.PmrsPatientCode, "P20010001"))!.Spid);
        Assert.Equal(spids.Count, (await registry.FindCandidatesAsync([1L], 1000)).Count);

        // The keys are back: a second registration of a SPID or an identifier is refused.
        Assert.True((await Assert.ThrowsAsync<RegistryConflictException>(() => registry.RegisterAsync(NewPerson(spids[0])))).SpidTaken);
        await Assert.ThrowsAsync<RegistryConflictException>(() => registry.RegisterAsync(NewPerson(Spid.NewRandom(), (RegistryIdentifiers.PmrsPatientCode, "P20000000"))));
        Assert.Equal((spids.Count, spids.Count), await registry.CountAsync());
    }

    [Theory, PostgresStore]
    public async System.Threading.Tasks.Task InitialLoad_HoldingAnIdentifierTwice_IsRefusedWhole_AndTheRegistryKeepsItsKeys(string store)
    {
        await using var host = RegistryHost.Start(store);
        var registry = host.Services.GetRequiredService<IRegistryStore>();

        await using (var load = await registry.BeginBulkLoadAsync())
        {
            await load.LoadAsync([Plain(Spid.NewRandom(), "P30000001"), Plain(Spid.NewRandom(), "P30000002")]);
            await load.LoadAsync([Plain(Spid.NewRandom(), "P30000001")]); // not checked until the keys are built

            var refused = await Assert.ThrowsAsync<RegistryConflictException>(() => load.CompleteAsync());
            Assert.Contains("identifiers_pkey", refused.Message, StringComparison.Ordinal);
        }

        Assert.Equal((0L, 0L), await registry.CountAsync());
        var spid = Spid.NewRandom();
        await registry.RegisterAsync(NewPerson(spid, (RegistryIdentifiers.PmrsPatientCode, "P30000001")));
        await Assert.ThrowsAsync<RegistryConflictException>(() => registry.RegisterAsync(NewPerson(spid)));
        await Assert.ThrowsAsync<RegistryConflictException>(() => registry.RegisterAsync(NewPerson(Spid.NewRandom(), (RegistryIdentifiers.PmrsPatientCode, "P30000001"))));
    }

    [Theory, PostgresStore]
    public async System.Threading.Tasks.Task InitialLoad_NotCompleted_IsDiscarded(string store)
    {
        await using var host = RegistryHost.Start(store);
        var registry = host.Services.GetRequiredService<IRegistryStore>();

        await using (var load = await registry.BeginBulkLoadAsync())
        {
            await load.LoadAsync([Plain(Spid.NewRandom(), "P40000001")]);
        }

        Assert.Equal((0L, 0L), await registry.CountAsync());
        await registry.RegisterAsync(NewPerson(Spid.NewRandom(), (RegistryIdentifiers.PmrsPatientCode, "P40000001")));
        await Assert.ThrowsAsync<RegistryConflictException>(() => registry.RegisterAsync(NewPerson(Spid.NewRandom(), (RegistryIdentifiers.PmrsPatientCode, "P40000001"))));
    }

    [Theory, PostgresStore]
    public async System.Threading.Tasks.Task InitialLoad_WhoseProcessStopped_IsDiscardedAtTheNextStart_EvenHoldingADuplicate(string store)
    {
        await using var first = RegistryHost.Start(store);
        var loading = first.Services.GetRequiredService<IRegistryStore>();
        var load = await loading.BeginBulkLoadAsync();
        await load.LoadAsync([Plain(Spid.NewRandom(), "P41000001"), Plain(Spid.NewRandom(), "P41000002")]);
        await load.LoadAsync([Plain(Spid.NewRandom(), "P41000001")]); // a duplicate: only building the keys would find it

        // The loading process stops: its session ends (never disposing the load). A new start finds the marker, takes the lock.
        await KillLoadSessionAsync(first.PostgresSchema!);
        await using var restarted = RegistryHost.Start(store, sameDatabaseAs: first);
        var registry = restarted.Services.GetRequiredService<IRegistryStore>();

        var discarded = Assert.Single(restarted.Logs.Lines, l => l.EventName == "InitialLoadDiscarded");
        Assert.Contains("its 3 records were discarded", discarded.Message, StringComparison.Ordinal);
        Assert.Equal((0L, 0L), await registry.CountAsync());
        await registry.RegisterAsync(NewPerson(Spid.NewRandom(), (RegistryIdentifiers.PmrsPatientCode, "P41000001")));
        await Assert.ThrowsAsync<RegistryConflictException>(() => registry.RegisterAsync(NewPerson(Spid.NewRandom(), (RegistryIdentifiers.PmrsPatientCode, "P41000001"))));
        await using var again = await registry.BeginBulkLoadAsync(); // the marker is gone: loads are possible again
    }

    [Theory, PostgresStore]
    public async System.Threading.Tasks.Task InitialLoad_WhileOpen_RefusesARegistryStartAndAnotherLoad_UntilItCompletes(string store)
    {
        await using var host = RegistryHost.Start(store);
        var registry = host.Services.GetRequiredService<IRegistryStore>();
        var options = new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = Environment.GetEnvironmentVariable(RegistryHost.PostgresVariable)!, Schema = host.PostgresSchema! };
        await using var other = RegistryStoreFactory.Create(options, TimeProvider.System);

        var load = await registry.BeginBulkLoadAsync();
        await load.LoadAsync([Plain(Spid.NewRandom(), "P42000001")]);
        var start = await Assert.ThrowsAsync<InvalidOperationException>(() => other.InitializeAsync());
        var second = await Assert.ThrowsAsync<InvalidOperationException>(() => other.BeginBulkLoadAsync());
        await load.CompleteAsync();
        await load.DisposeAsync();

        Assert.StartsWith("An initial load into this registry is running (begun ", start.Message, StringComparison.Ordinal);
        Assert.EndsWith("start the registry once it has completed.", start.Message, StringComparison.Ordinal);
        Assert.Equal("Another initial load into this registry is running, or a registry on it is starting.", second.Message);
        await other.InitializeAsync();
        Assert.Equal((1L, 1L), await other.CountAsync());
    }

    [Theory, PostgresStore]
    public async System.Threading.Tasks.Task Registration_DuringAnInitialLoad_IsRefusedRetryLater_AndTakenOnceItCompletes(string store)
    {
        await using var host = RegistryHost.Start(store);
        var load = await host.Services.GetRequiredService<IRegistryStore>().BeginBulkLoadAsync();
        await load.LoadAsync([Plain(Spid.NewRandom(), "P43000001")]);
        var person = People.Person("ឈុន", "សុខា", "CHHUN", "SOKHA", "male", People.BirthDate(), People.Village(), People.Id(RegistryIdentifiers.NssfMemberNumber, People.NssfNumber()));

        var during = await host.PostAsync("/fhir/Patient/$register", person);
        await load.CompleteAsync();
        await load.DisposeAsync();
        var after = await host.PostAsync("/fhir/Patient/$register", person);

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, during.StatusCode);
        var outcome = await RegistryHost.ReadAsync<Hl7.Fhir.Model.OperationOutcome>(during);
        Assert.Equal("An initial load into the registry is running, or a registry on it is starting: registrations, links, merges and review decisions are refused until it has completed. Retry later.", outcome.Issue.Single().Details?.Text);
        Assert.True(after.IsSuccessStatusCode, await after.Content.ReadAsStringAsync());
        Assert.Equal((2L, 2L), await host.Services.GetRequiredService<IRegistryStore>().CountAsync());
    }

    [Theory, PostgresStore]
    public async System.Threading.Tasks.Task LinkAndMerge_DuringAnInitialLoad_AreRefusedRetryLater_AndWriteNothing(string store)
    {
        await using var host = RegistryHost.Start(store);
        var (a, b) = (Spid.NewRandom(), Spid.NewRandom());
        var load = await host.Services.GetRequiredService<IRegistryStore>().BeginBulkLoadAsync();
        await load.LoadAsync([Plain(a, "P44000001"), Plain(b, "P44000002")]);
        Hl7.Fhir.Model.Parameters Pair(string first, string second)
        {
            var pair = new Hl7.Fhir.Model.Parameters();
            pair.Add(first, new Hl7.Fhir.Model.Identifier(RegistryIdentifiers.Spid, a));
            pair.Add(second, new Hl7.Fhir.Model.Identifier(RegistryIdentifiers.Spid, b));
            pair.Add("reason", new Hl7.Fhir.Model.FhirString("Same person: documents checked"));
            return pair;
        }

        var link = await host.PostAsync("/fhir/Patient/$link", Pair("patient", "other-patient"), "KH/GOV/NSPC/REGISTRY-DESK");
        var merge = await host.PostAsync("/fhir/Patient/$merge", Pair("source-patient", "target-patient"), "KH/GOV/NSPC/REGISTRY-DESK");
        await load.CompleteAsync();
        await load.DisposeAsync();

        foreach (var refused in new[] { link, merge })
        {
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            var outcome = await RegistryHost.ReadAsync<Hl7.Fhir.Model.OperationOutcome>(refused);
            Assert.StartsWith("An initial load into the registry is running", outcome.Issue.Single().Details?.Text, StringComparison.Ordinal);
        }

        var registry = host.Services.GetRequiredService<IRegistryStore>();
        Assert.Empty(await registry.GetLinksAsync(a));
        Assert.Null((await registry.FindPersonAsync(a))?.MergedInto);
    }

    /// <summary>What a loading process that stops leaves: its sessions end (the load's lock with them), the load's marker stays.</summary>
    private static async System.Threading.Tasks.Task KillLoadSessionAsync(string schema)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Environment.GetEnvironmentVariable(RegistryHost.PostgresVariable));
        await connection.OpenAsync();
        await using var kill = new Npgsql.NpgsqlCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype = 'advisory' AND classid = 20353 AND objid = hashtext(@schema)::oid", connection);
        kill.Parameters.AddWithValue("schema", schema);
        Assert.Equal(1L, await kill.ExecuteScalarAsync());
    }

    [Theory, PostgresStore]
    public async System.Threading.Tasks.Task InitialLoad_IntoARegistryThatHoldsPeople_KeepsEveryKeyAsItGoes(string store)
    {
        await using var host = RegistryHost.Start(store);
        var registry = host.Services.GetRequiredService<IRegistryStore>();
        var first = Spid.NewRandom();
        await registry.RegisterAsync(NewPerson(first, (RegistryIdentifiers.PmrsPatientCode, "P50000001")));

        await using var load = await registry.BeginBulkLoadAsync();

        Assert.False(load.DefersIndexes);
        await Assert.ThrowsAsync<RegistryConflictException>(() => load.LoadAsync([Plain(Spid.NewRandom(), "P50000001")]));
        await load.LoadAsync([Plain(Spid.NewRandom(), "P50000002")]);
        await load.CompleteAsync();
        Assert.Equal((2L, 2L), await registry.CountAsync());
    }

    [Theory, PostgresStore]
    public async System.Threading.Tasks.Task RegistryCreatedBeforeTheMatchingIndexes_BuildsThemConcurrentlyAtStart_AndMakesItsIdentifierKeyCovering(string store)
    {
        await using var first = RegistryHost.Start(store);
        var spid = Spid.NewRandom();
        await first.Services.GetRequiredService<IRegistryStore>().RegisterAsync(NewPerson(spid, (RegistryIdentifiers.PmrsPatientCode, "P60000001"), (RegistryIdentifiers.NssfMemberNumber, "N60000001")));
        var schema = first.PostgresSchema!;

        // The shape of a registry created before them: the plain index of records by SPID, a plain identifiers' key, no
        // features index; and a covering key whose concurrent build was interrupted (it failed), left invalid.
        await SqlAsync(schema,
            "DROP INDEX ix_records_spid_id",
            "DROP INDEX ix_records_features",
            "CREATE INDEX ix_records_spid ON records (spid)",
            "ALTER TABLE identifiers DROP CONSTRAINT identifiers_pkey",
            "ALTER TABLE identifiers ADD CONSTRAINT identifiers_pkey PRIMARY KEY (system, value)");
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => SqlAsync(schema, "CREATE UNIQUE INDEX CONCURRENTLY identifiers_covering_key ON identifiers (spid)"));
        Assert.Equal(["identifiers_covering_key"], await SqlListAsync(schema, "SELECT c.relname::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE NOT i.indisvalid AND c.relnamespace = to_regnamespace(@schema)"));

        await using var upgraded = RegistryHost.Start(store, sameDatabaseAs: first);

        Assert.Equal(["identifiers_covering_key", "ix_records_features", "ix_records_spid_id"], upgraded.Logs.Lines.Where(l => l.EventName == "IndexBuilt").Select(l => l.Message.Split(' ')[1]).Order(StringComparer.Ordinal));
        Assert.Single(upgraded.Logs.Lines, l => l.EventName == "IdentifierKeyCovering");
        Assert.Empty(await SqlListAsync(schema, "SELECT c.relname::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE NOT i.indisvalid AND c.relnamespace = to_regnamespace(@schema)"));
        Assert.Equal(["identifiers_pkey", "ix_identifiers_spid", "ix_records_features", "ix_records_spid_id"], await SqlListAsync(schema,
            "SELECT c.relname::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid IN (to_regclass(@schema || '.records'), to_regclass(@schema || '.identifiers')) AND c.relname <> 'records_pkey' ORDER BY 1"));
        Assert.Equal(["identifiers_pkey"], await SqlListAsync(schema, "SELECT c.relname::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indisprimary AND i.indnatts > i.indnkeyatts AND c.relnamespace = to_regnamespace(@schema)"));

        // The key still holds: the person is found by an identifier, and nobody else can take it.
        var registry = upgraded.Services.GetRequiredService<IRegistryStore>();
        Assert.Equal(spid, (await registry.FindIdentifierAsync(RegistryIdentifiers.PmrsPatientCode, "P60000001"))?.Spid);
        await Assert.ThrowsAsync<RegistryConflictException>(() => registry.RegisterAsync(NewPerson(Spid.NewRandom(), (RegistryIdentifiers.PmrsPatientCode, "P60000001"))));

        // A start of the upgraded registry builds nothing.
        await using var again = RegistryHost.Start(store, sameDatabaseAs: first);
        Assert.DoesNotContain(again.Logs.Lines, l => l.EventName is "IndexBuilding" or "IndexBuilt" or "IdentifierKeyCovering");
    }

    private static async System.Threading.Tasks.Task<Npgsql.NpgsqlConnection> OpenAsync(string? schema = null)
    {
        var connection = new Npgsql.NpgsqlConnection(Environment.GetEnvironmentVariable(RegistryHost.PostgresVariable) + (schema is null ? "" : $";Search Path={schema}"));
        await connection.OpenAsync();
        return connection;
    }

    private static async System.Threading.Tasks.Task SqlAsync(string schema, params string[] statements)
    {
        await using var connection = await OpenAsync(schema);
        foreach (var sql in statements)
        {
            await using var command = new Npgsql.NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    private static async System.Threading.Tasks.Task<List<string>> SqlListAsync(string schema, string query)
    {
        await using var connection = await OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(query, connection);
        command.Parameters.AddWithValue("schema", schema);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    [Theory, PostgresStore]
    public async System.Threading.Tasks.Task RegistrationLocks_HoldAStripeAcrossRegistriesUntilReleased_AndOnlyThatStripe(string store)
    {
        await using var first = RegistryHost.Start(store);
        await using var second = RegistryHost.Start(store, sameDatabaseAs: first);
        var one = first.Services.GetRequiredService<IRegistryStore>();
        var other = second.Services.GetRequiredService<IRegistryStore>();

        var held = await one.LockRegistrationsAsync([3, 7, 200]);
        var elsewhere = await other.LockRegistrationsAsync([4, 199]); // other stripes: not held up
        await elsewhere.DisposeAsync();
        var waiting = other.LockRegistrationsAsync([1, 7]);
        await System.Threading.Tasks.Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.False(waiting.IsCompleted); // stripe 7 is the first registry's
        await held.DisposeAsync();
        await using var taken = await waiting.WaitAsync(TimeSpan.FromSeconds(10)); // once released, the other registry gets it
    }

    [Theory, PostgresStore]
    public async System.Threading.Tasks.Task RegistrationLocks_GivenUpWhileWaiting_LeaveNoStripeHeld(string store)
    {
        await using var first = RegistryHost.Start(store);
        await using var second = RegistryHost.Start(store, sameDatabaseAs: first);
        var one = first.Services.GetRequiredService<IRegistryStore>();
        var other = second.Services.GetRequiredService<IRegistryStore>();

        var held = await one.LockRegistrationsAsync([7]);
        using (var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(500)))
        {
            // Stripe 3 is taken, then the wait for 7 is given up: 3 must not stay held by a pooled session.
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => other.LockRegistrationsAsync([3, 7], giveUp.Token));
        }

        await held.DisposeAsync();
        await using var again = await one.LockRegistrationsAsync([3]).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Theory, PostgresStore]
    public async System.Threading.Tasks.Task RegistryStart_WhileAnotherBuildsAnIndexConcurrently_DoesNotWaitForIt(string store)
    {
        await using var first = RegistryHost.Start(store);

        // What a concurrent build holds on its table for its minutes: a start must not queue behind it (nor writes behind the start).
        await using var building = new Npgsql.NpgsqlConnection(Environment.GetEnvironmentVariable(RegistryHost.PostgresVariable) + $";Search Path={first.PostgresSchema}");
        await building.OpenAsync();
        await using var transaction = await building.BeginTransactionAsync();
        foreach (var table in new[] { "persons", "records", "identifiers", "blocking_keys" })
        {
            await using var hold = new Npgsql.NpgsqlCommand($"LOCK TABLE {table} IN SHARE UPDATE EXCLUSIVE MODE", building, transaction);
            await hold.ExecuteNonQueryAsync();
        }

        try
        {
            await using var started = await System.Threading.Tasks.Task.Run(() => RegistryHost.Start(store, sameDatabaseAs: first)).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal((0L, 0L), await started.Services.GetRequiredService<IRegistryStore>().CountAsync());
        }
        finally
        {
            await transaction.RollbackAsync();
        }
    }

    [Theory, PostgresStore]
    public async System.Threading.Tasks.Task RegistriesStartingTogetherOnAFreshSchema_AllCreateItWithoutError(string store)
    {
        Assert.Equal("postgres", store);
        var connection = Environment.GetEnvironmentVariable(RegistryHost.PostgresVariable)!;
        var schema = "registry_start_" + Guid.NewGuid().ToString("N")[..12];
        var options = new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = connection, Schema = schema };
        var registries = Enumerable.Range(0, 4).Select(_ => RegistryStoreFactory.Create(options, TimeProvider.System)).ToList();
        try
        {
            using var start = new Barrier(registries.Count);

            // Without the start-up lock the losers fail on the catalog: "duplicate key value violates unique constraint".
            await System.Threading.Tasks.Task.WhenAll(registries.Select(r => System.Threading.Tasks.Task.Run(async () =>
            {
                start.SignalAndWait();
                await r.InitializeAsync();
            })));

            await registries[0].RegisterAsync(NewPerson(Spid.NewRandom()));
            Assert.Equal((1L, 1L), await registries[3].CountAsync());
        }
        finally
        {
            foreach (var registry in registries)
            {
                await registry.DisposeAsync();
            }

            await using var admin = new Npgsql.NpgsqlConnection(connection);
            await admin.OpenAsync();
            await using var drop = new Npgsql.NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task Warm_ReadsEveryEntryOfTheIndexesMatchingReads(string store)
    {
        await using var host = RegistryHost.Start(store);
        var registry = host.Services.GetRequiredService<IRegistryStore>();
        for (var i = 0; i < 5; i++)
        {
            await registry.RegisterAsync(NewPerson(Spid.NewRandom(), (RegistryIdentifiers.PmrsPatientCode, $"P6000000{i}")));
        }

        var entries = await registry.WarmAsync();

        // PostgreSQL: 5 records x 2 blocking keys, 5 identifiers, 5 records' features, 5 records by SPID. SQLite: its pages are the process's own.
        Assert.Equal(store == "postgres" ? 25 : 0, entries);
    }

    [Theory, PostgresStore]
    public async System.Threading.Tasks.Task Start_OnARegistryHoldingPeople_ReadsTheMatchingIndexesBeforeServing_UnlessTurnedOff(string store)
    {
        await using var first = RegistryHost.Start(store);
        for (var i = 0; i < 3; i++)
        {
            await first.Services.GetRequiredService<IRegistryStore>().RegisterAsync(NewPerson(Spid.NewRandom(), (RegistryIdentifiers.PmrsPatientCode, $"P6100000{i}")));
        }

        await using var restarted = RegistryHost.Start(store, sameDatabaseAs: first);
        await using var cold = RegistryHost.Start(store, options => options.Storage.WarmOnStart = false, sameDatabaseAs: first);
        _ = (restarted.Services, cold.Services); // started

        // 3 records x 2 blocking keys, 3 identifiers, 3 records' features, 3 records by SPID.
        var warmed = Assert.Single(restarted.Logs.Lines, l => l.EventName == "MatchingIndexesWarmed");
        Assert.StartsWith("Matching indexes read into memory: 15 entries", warmed.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(cold.Logs.Lines, l => l.EventName == "MatchingIndexesWarmed");
    }

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task RecordFeatures_AreThePersonsOwn_WithoutThePatientAsReceived(string store)
    {
        await using var host = RegistryHost.Start(store);
        var registry = host.Services.GetRequiredService<IRegistryStore>();
        var (sovann, chhun) = (Spid.NewRandom(), Spid.NewRandom());
        await registry.RegisterAsync(NewPerson(sovann) with { Record = Record(sovann) with { LatinFamily = "SOVANN", BirthDate = "1980-03-02" } });
        await registry.RegisterAsync(NewPerson(chhun) with { Record = Record(chhun) with { LatinFamily = "CHHUN" } });
        // A second scheme's record of the same person.
        await registry.RegisterAsync(NewPerson(sovann) with { NewPerson = null, Record = Record(sovann) with { LatinFamily = "SOVAN", Member = "KH/GOV/MOH/PCA" } });

        var features = await registry.GetRecordFeaturesAsync(sovann);

        Assert.Equal(
            [(sovann, "SOVANN", "1980-03-02", "KH/GOV/NSSF/HSPIS"), (sovann, "SOVAN", null, "KH/GOV/MOH/PCA")],
            features.Select(f => (f.Spid, f.LatinFamily, f.BirthDate, f.Member)));
        Assert.All(features, f => Assert.Equal((string.Empty, string.Empty), (f.ResourceJson, f.ContentDigest)));
        Assert.Empty(await registry.GetRecordFeaturesAsync(Spid.NewRandom()));
    }

    [Fact]
    public async System.Threading.Tasks.Task Audit_OnSqliteFile_CannotBeUpdatedOrDeleted()
    {
        var file = Path.Combine(Path.GetTempPath(), $"registry-audit-{Guid.NewGuid():N}.db");
        try
        {
            await using (var registry = RegistryStoreFactory.Create(new StorageOptions { ConnectionString = $"Data Source={file};Pooling=False" }, TimeProvider.System))
            {
                await registry.InitializeAsync();
                await registry.RegisterAsync(NewPerson(Spid.NewRandom()));
            }

            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False");
            await connection.OpenAsync();
            foreach (var sql in new[] { "UPDATE audit SET reason = 'changed'", "DELETE FROM audit" })
            {
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                var refused = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => command.ExecuteNonQueryAsync());
                Assert.Contains("append-only", refused.Message, StringComparison.Ordinal);
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory, PostgresStore]
    public async System.Threading.Tasks.Task Audit_OnPostgres_CannotBeUpdatedOrDeleted(string store)
    {
        await using var host = RegistryHost.Start(store);
        await host.Services.GetRequiredService<IRegistryStore>().RegisterAsync(NewPerson(Spid.NewRandom()));
        await using var connection = new Npgsql.NpgsqlConnection(Environment.GetEnvironmentVariable(RegistryHost.PostgresVariable));
        await connection.OpenAsync();

        foreach (var sql in new[] { $"UPDATE {host.PostgresSchema}.audit SET reason = 'changed'", $"DELETE FROM {host.PostgresSchema}.audit" })
        {
            await using var command = new Npgsql.NpgsqlCommand(sql, connection);
            var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
        }
    }
}
