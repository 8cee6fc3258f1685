using System.Globalization;
using Interop.Registry.Identity;
using Interop.Registry.Matching;
using Interop.Registry.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Interop.Registry.Quality;

/// <summary>
/// <c>dotnet run --project gateway/Interop.Registry -- quality --people 100000 --duplicates 0.05 --seed 7</c>:
/// generates a population, registers it into a fresh in-memory registry (or <c>--storage</c>/<c>--connection</c>),
/// and prints precision and recall of auto-links and of the review band.
/// </summary>
internal static class QualityCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = ParseArguments(args);
        if (options is null)
        {
            await Console.Error.WriteLineAsync("usage: quality [--people 100000] [--duplicates 0.05] [--seed 7] [--storage sqlite|postgres] [--connection <connection string>] [--schema <schema>]");
            return 2;
        }

        var (people, duplicates, seed, storage) = options.Value;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Generating {people} people, {duplicates:P1} registered twice (seed {seed})..."));
        var records = new PopulationGenerator(seed).Generate(people, duplicates);
        // What the store's start-up did (a load discarded, an index built on an older registry) is said on the console.
        using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(LogLevel.Information));
        await using var store = RegistryStoreFactory.Create(storage, TimeProvider.System, loggers);
        await store.InitializeAsync();
        var service = new RegistryService(store, new IdentityMatcher(new MatchingOptions()), TimeProvider.System, NullLogger<RegistryService>.Instance);
        var report = await QualityRunner.RunAsync(records, service);
        Console.WriteLine(Format(report));
        if (Environment.GetEnvironmentVariable("REGISTRY_QUALITY_EXPLAIN") == "1")
        {
            foreach (var pattern in (await store.ListOpenReviewsAsync(100_000)).GroupBy(r => r.FieldScoresJson).OrderByDescending(g => g.Count()).Take(8))
            {
                Console.WriteLine($"review {pattern.Count(),6} {pattern.Key}");
            }

            foreach (var pattern in report.Explanations.GroupBy(w => w).OrderByDescending(g => g.Count()))
            {
                Console.WriteLine($"{pattern.Count(),4} {pattern.Key}");
            }
        }

        return 0;
    }

    public static string Format(QualityReport report) => string.Create(CultureInfo.InvariantCulture, $"""
        records registered          {report.Records} ({report.People} people, {report.Duplicates} second registrations)
        auto-links                  {report.AutoLinks} ({report.CorrectAutoLinks} right)
        precision of auto-links     {report.Precision:F4}
        recall of auto-links        {report.Recall:F4} ({report.DuplicatesAutoLinked} of {report.Duplicates} duplicates)
        review band                 {report.Reviews} pairs queued, {report.DuplicatesInReview} of them true duplicates (precision {report.ReviewPrecision:F4})
        recall with review          {report.RecallWithReview:F4}
        duplicates missed           {report.DuplicatesMissed}
        time                        {report.Elapsed.TotalSeconds:F1} s ({report.Elapsed.TotalMilliseconds / Math.Max(1, report.Records):F3} ms a registration)
        """);

    private static (int People, double Duplicates, int Seed, StorageOptions Storage)? ParseArguments(string[] args)
    {
        var (people, duplicates, seed) = (100_000, 0.05, 7);
        var storage = new StorageOptions { ConnectionString = "Data Source=:memory:" };
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            var ok = args[i] switch
            {
                "--people" => int.TryParse(value, CultureInfo.InvariantCulture, out people),
                "--duplicates" => double.TryParse(value, CultureInfo.InvariantCulture, out duplicates),
                "--seed" => int.TryParse(value, CultureInfo.InvariantCulture, out seed),
                "--storage" => Enum.TryParse(value, ignoreCase: true, out StorageProvider provider) && (storage.Provider = provider) == provider,
                "--connection" => (storage.ConnectionString = value) == value,
                "--schema" => (storage.Schema = value) == value,
                _ => false,
            };
            if (!ok)
            {
                return null;
            }
        }

        return args.Length % 2 == 0 && people > 0 && duplicates is >= 0 and <= 1 ? (people, duplicates, seed, storage) : null;
    }
}
