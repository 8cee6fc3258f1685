using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Interop.Registry.Identity;
using Interop.Registry.Matching;
using Interop.Registry.Spids;
using Interop.Registry.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Interop.Registry.Quality;

/// <summary>
/// <c>dotnet run -c Release --project gateway/Interop.Registry -- scale --people 1000000 [--storage postgres --connection ...]</c>:
/// bulk-loads a synthetic population (no matching; batches of one transaction written by one worker a core; into an empty PostgreSQL registry keys and indexes are built at the end), then times match queries of second
/// registrations against it, then registers (matching and writing, several writers at once) people known and new:
/// load time, match latency p50/p99, registrations a second with their latency, memory.
/// </summary>
internal static class ScaleCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var (people, queries, seed, batchSize, writers) = (1_000_000, 1_000, 7, 5_000, 8);
        var storage = new StorageOptions { ConnectionString = "Data Source=registry-scale.db" };
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            var ok = args[i] switch
            {
                "--people" => int.TryParse(value, CultureInfo.InvariantCulture, out people),
                "--queries" => int.TryParse(value, CultureInfo.InvariantCulture, out queries),
                "--seed" => int.TryParse(value, CultureInfo.InvariantCulture, out seed),
                "--batch" => int.TryParse(value, CultureInfo.InvariantCulture, out batchSize),
                "--writers" => int.TryParse(value, CultureInfo.InvariantCulture, out writers) && writers > 0,
                "--storage" => Enum.TryParse(value, ignoreCase: true, out StorageProvider provider) && (storage.Provider = provider) == provider,
                "--connection" => (storage.ConnectionString = value) == value,
                "--schema" => (storage.Schema = value) == value,
                _ => false,
            };
            if (!ok)
            {
                await Console.Error.WriteLineAsync("usage: scale [--people 1000000] [--queries 1000] [--seed 7] [--batch 5000] [--writers 8] [--storage sqlite|postgres] [--connection <connection string>] [--schema <schema>]");
                return 2;
            }
        }

        // What the store's start-up did (a load discarded, an index built on an older registry) is said on the console.
        using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(LogLevel.Information));
        await using var store = RegistryStoreFactory.Create(storage, TimeProvider.System, loggers);
        await store.InitializeAsync();
        var service = new RegistryService(store, new IdentityMatcher(new MatchingOptions()), TimeProvider.System, NullLogger<RegistryService>.Instance);

        // Probes: second registrations of people spread over the population; the duplicate rate is set so about `queries` come out.
        // The first WarmUpQueries probes run untimed: the matcher's code is compiled and optimized (tiered JIT) as in a
        // registry in service, so the timed ones do not measure the compiler.
        const int WarmUpQueries = 100;
        var duplicateRate = Math.Min(1, (queries + WarmUpQueries) * 1.1 / people);
        var probes = new List<SyntheticRecord>();
        var spidOf = new Dictionary<int, string>();
        var issued = new HashSet<string>(StringComparer.Ordinal);
        var lastSpid = string.Empty;
        var now = TimeProvider.System.GetUtcNow();
        var load = Stopwatch.StartNew();
        await using var bulk = await store.BeginBulkLoadAsync();

        // One generator; one worker per core turns people into rows (features, blocking keys, the Patient's JSON) and
        // writes its batches with its own connection, while the generator fills the next ones.
        var batches = Channel.CreateBounded<List<(string Spid, SyntheticRecord Record)>>(Environment.ProcessorCount * 2);
        var loaded = 0;
        var workers = Enumerable.Range(0, Environment.ProcessorCount).Select(_ => Task.Run(async () =>
        {
            try
            {
                await foreach (var chunk in batches.Reader.ReadAllAsync())
                {
                    var writes = chunk.Select(p =>
                    {
                        var features = PatientFeatures.From(p.Record.Patient, p.Record.Member, now) with { Spid = p.Spid };
                        return new RegistrationWrite(
                            new PersonRow(p.Spid, RegistryService.ResourceIdFor(p.Spid), null, now),
                            features,
                            [.. p.Record.Patient.Identifier.Select(i => (i.System!, i.Value!))],
                            BlockingKeys.For(features),
                            [],
                            [],
                            []);
                    }).ToList();
                    await bulk.LoadAsync(writes);
                    var total = Interlocked.Add(ref loaded, writes.Count);
                    if (total / 100_000 != (total - writes.Count) / 100_000)
                    {
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {total / 100_000 * 100_000} loaded, {load.Elapsed.TotalSeconds:F0} s"));
                    }
                }
            }
            catch (Exception e)
            {
                // A failed batch stops the generator too (its next write throws), instead of leaving it waiting on a full channel.
                batches.Writer.TryComplete(e);
                throw;
            }
        })).ToList();

        var batch = new List<(string, SyntheticRecord)>(batchSize);
        foreach (var record in new PopulationGenerator(seed).Stream(people, duplicateRate))
        {
            if (record.IsDuplicate)
            {
                if (probes.Count < queries + WarmUpQueries)
                {
                    // A second registration comes right after its person's first: the SPID last drawn is the truth.
                    probes.Add(record);
                    spidOf[record.PersonId] = lastSpid;
                }

                continue;
            }

            // At a million SPIDs a few draws repeat (11 random digits): draw again, as registration does on the unique key.
            string spid;
            do
            {
                spid = Spid.NewRandom();
            }
            while (!issued.Add(spid));

            lastSpid = spid;
            batch.Add((spid, record));
            if (batch.Count == batchSize)
            {
                await batches.Writer.WriteAsync(batch);
                batch = new List<(string, SyntheticRecord)>(batchSize);
            }
        }

        if (batch.Count > 0)
        {
            await batches.Writer.WriteAsync(batch);
        }

        batches.Writer.Complete();
        await Task.WhenAll(workers);
        var written = load.Elapsed;
        await bulk.CompleteAsync();
        load.Stop();

        // The generator's bookkeeping (every SPID drawn) is the load's, not the registry's: drop it and compact the heap, so
        // the queries are not timed across a collection of a heap the size of the population.
        issued.Clear();
        issued.TrimExcess();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

        // A registry in service has its matching indexes in memory; right after a load the cache holds what was written
        // and vacuumed last. Read them once, as PostgreSQL's autoprewarm does after a restart, and time that apart.
        var warming = Stopwatch.StartNew();
        var warmed = await store.WarmAsync();
        warming.Stop();
        foreach (var probe in probes.Take(WarmUpQueries))
        {
            await service.MatchAsync(probe.Patient);
        }

        var latencies = new List<double>(probes.Count);
        var found = 0;
        foreach (var probe in probes.Skip(WarmUpQueries))
        {
            var started = Stopwatch.GetTimestamp();
            var candidates = await service.MatchAsync(probe.Patient);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            found += candidates.Count > 0 && candidates[0].Spid == spidOf[probe.PersonId] ? 1 : 0;
        }

        latencies.Sort();
        double Percentile(double p) => At(latencies, p);

        // Registrations as a registry in service takes them (matching, the load lock shared, the write), `writers` at a
        // time: the timed probes again (people already known) and as many people drawn with another seed (most of them
        // new; many close to someone known, so queued for review, as people with common names in the same villages are).
        var registering = probes.Skip(WarmUpQueries).Select(p => p.Patient)
            .Concat(new PopulationGenerator(seed + 1).Stream(Math.Max(0, probes.Count - WarmUpQueries), 0).Select(r => r.Patient)).ToList();
        var registered = new System.Collections.Concurrent.ConcurrentBag<double>();
        var outcomes = new System.Collections.Concurrent.ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var registration = Stopwatch.StartNew();
        await Parallel.ForEachAsync(registering, new ParallelOptions { MaxDegreeOfParallelism = writers }, async (patient, ct) =>
        {
            var started = Stopwatch.GetTimestamp();
            string outcome;
            try
            {
                var (result, refusal) = await service.RegisterAsync(patient, "KH/GOV/MOH/PMRS-120101", ct);
                outcome = result?.Outcome.ToString() ?? $"refused {refusal?.Status}";
                registered.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                outcome = "failed " + e.GetType().Name; // counted, not timed; the run goes on
            }

            outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
        });
        registration.Stop();
        var registrationLatencies = registered.Order().ToList();
        using var process = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            storage                 {storage.Provider} ({(storage.Provider == StorageProvider.Sqlite ? storage.ConnectionString : "server")})
            people loaded           {loaded} in {load.Elapsed.TotalSeconds:F1} s ({loaded / Math.Max(0.001, load.Elapsed.TotalSeconds):F0} a second): rows {written.TotalSeconds:F1} s, {(bulk.DefersIndexes ? "keys and indexes built after" : "indexes maintained during")} {(load.Elapsed - written).TotalSeconds:F1} s
            warm-up                 {warmed} index entries read in {warming.Elapsed.TotalSeconds:F1} s, then {Math.Min(WarmUpQueries, probes.Count)} untimed queries
            match queries           {latencies.Count}, top candidate right {found} ({(double)found / Math.Max(1, latencies.Count):P1})
            match latency           p50 {Percentile(0.50):F2} ms, p99 {Percentile(0.99):F2} ms, max {Percentile(1):F2} ms
            registrations           {registrationLatencies.Count} by {writers} writers in {registration.Elapsed.TotalSeconds:F1} s ({registrationLatencies.Count / Math.Max(0.001, registration.Elapsed.TotalSeconds):F0} a second): {string.Join(", ", outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} {o.Value}"))}
            registration latency    p50 {At(registrationLatencies, 0.50):F2} ms, p99 {At(registrationLatencies, 0.99):F2} ms, max {At(registrationLatencies, 1):F2} ms
            memory                  peak working set {process.PeakWorkingSet64 / 1024 / 1024} MiB, managed heap {GC.GetTotalMemory(false) / 1024 / 1024} MiB
            """));
        return 0;
    }

    /// <summary>The <paramref name="p"/> quantile of sorted latencies (nearest rank).</summary>
    private static double At(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
