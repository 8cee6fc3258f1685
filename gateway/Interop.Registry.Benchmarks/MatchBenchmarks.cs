using BenchmarkDotNet.Attributes;
using Hl7.Fhir.Model;
using Interop.Registry.Identity;
using Interop.Registry.Matching;
using Interop.Registry.Quality;
using Interop.Registry.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Interop.Registry.Benchmarks;

/// <summary>
/// What one match costs: the name keys, one pair comparison, and a whole match (blocking query and scoring) against
/// a registry of <see cref="People"/> people in SQLite memory. The scale command measures the same at a million.
/// Run: <c>dotnet run -c Release --project gateway/Interop.Registry.Benchmarks -- --filter *MatchBenchmarks*</c>.
/// </summary>
[MemoryDiagnoser]
public class MatchBenchmarks
{
    private IRegistryStore _store = null!;
    private RegistryService _service = null!;
    private IdentityMatcher _matcher = null!;
    private IdentityRecord _one = null!;
    private IdentityRecord _other = null!;
    private Patient[] _probes = [];
    private int _next;

    [Params(50_000)]
    public int People { get; set; }

    [GlobalSetup]
    public async System.Threading.Tasks.Task SetupAsync()
    {
        _store = RegistryStoreFactory.Create(new StorageOptions { ConnectionString = "Data Source=:memory:" }, TimeProvider.System);
        await _store.InitializeAsync();
        _matcher = new IdentityMatcher(new MatchingOptions());
        _service = new RegistryService(_store, _matcher, TimeProvider.System, NullLogger<RegistryService>.Instance);
        var records = new PopulationGenerator(7).Generate(People, 0.01);
        var spids = new Dictionary<int, string>();
        var batch = new List<RegistrationWrite>();
        foreach (var record in records.Where(r => !r.IsDuplicate))
        {
            var spid = Spids.Spid.NewRandom();
            var features = PatientFeatures.From(record.Patient, record.Member, DateTimeOffset.UnixEpoch) with { Spid = spid };
            batch.Add(new RegistrationWrite(new PersonRow(spid, "pat-" + spid, null, DateTimeOffset.UnixEpoch), features, [], BlockingKeys.For(features), [], [], []));
            spids[record.PersonId] = spid;
        }

        await _store.BulkLoadAsync(batch);
        _probes = [.. records.Where(r => r.IsDuplicate).Select(r => r.Patient)];
        _one = batch[0].Record;
        _other = PatientFeatures.From(_probes[0], "KH/GOV/NSSF/HSPIS", DateTimeOffset.UnixEpoch);
    }

    [GlobalCleanup]
    public async System.Threading.Tasks.Task CleanupAsync() => await _store.DisposeAsync();

    [Benchmark]
    public string? LatinKey() => NameNormalizer.LatinKey("CHHUN SOVANNA");

    [Benchmark]
    public string? KhmerKey() => NameNormalizer.KhmerKey("ឈុន\u200Bសុវណ្ណ");

    [Benchmark]
    public double ScorePair() => _matcher.Score(_one, _other).Weight;

    [Benchmark]
    public async Task<int> MatchOne() => (await _service.MatchAsync(_probes[_next++ % _probes.Length])).Count;
}
