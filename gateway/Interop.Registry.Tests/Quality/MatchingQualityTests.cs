using Interop.Registry.Identity;
using Interop.Registry.Matching;
using Interop.Registry.Quality;
using Interop.Registry.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Interop.Registry.Tests.Quality;

/// <summary>Matching quality on a fixed synthetic population (5,000 people, 5% registered twice by another scheme).</summary>
public sealed class MatchingQualityTests
{
    [Fact]
    public async System.Threading.Tasks.Task Population_OfFiveThousand_AutoLinksWithPrecisionAndRecallAboveTheTargets()
    {
        var records = new PopulationGenerator(seed: 7).Generate(people: 5_000, duplicateRate: 0.05);
        await using var store = RegistryStoreFactory.Create(new StorageOptions { ConnectionString = "Data Source=:memory:" }, TimeProvider.System);
        await store.InitializeAsync();
        var service = new RegistryService(store, new IdentityMatcher(new MatchingOptions()), TimeProvider.System, NullLogger<RegistryService>.Instance);

        var report = await QualityRunner.RunAsync(records, service);

        Assert.True(report.Precision >= 0.995, QualityCommand.Format(report));
        Assert.True(report.Recall >= 0.95, QualityCommand.Format(report));
        Assert.True(report.RecallWithReview >= 0.99, QualityCommand.Format(report));
    }

    [Fact]
    public void Generator_SameSeed_SamePopulation()
    {
        var one = new PopulationGenerator(3).Generate(200, 0.1);
        var other = new PopulationGenerator(3).Generate(200, 0.1);

        Assert.Equal(one.Select(r => (r.PersonId, r.Patient.BirthDate, r.Patient.Name[0].Family)), other.Select(r => (r.PersonId, r.Patient.BirthDate, r.Patient.Name[0].Family)));
        Assert.Contains(one, r => r.IsDuplicate);
        Assert.Contains(one, r => r.Patient.BirthDate!.Length == 4);
    }

    [Fact]
    public void Generator_ChildrenHaveNoKhmerId()
    {
        var records = new PopulationGenerator(5).Generate(2_000, 0);

        Assert.All(
            records.Where(r => int.Parse(r.Patient.BirthDate![..4], System.Globalization.CultureInfo.InvariantCulture) > 2012),
            r => Assert.DoesNotContain(r.Patient.Identifier, i => i.System == RegistryIdentifiers.KhmerNationalId));
    }
}
