using System.Text.Json;
using Interop.Conformance.Results;
using Interop.Conformance.Tests.Support;

namespace Interop.Conformance.Tests.Defects;

/// <summary>
/// The kit catches real defects: the Example adapter with one planted defect fails exactly the requirement that defect breaks,
/// and nothing else fails. Where the defect changes the output, the goldens are re-recorded from the broken adapter first
/// (its author "reviewed" them), so only the requirement under test can catch it.
/// </summary>
public sealed class KitCatchesDefectsTests
{
    public static TheoryData<Defect, string> Defects() => new()
    {
        { Defect.GoldenMismatch, "ADP-GOLDEN-01" },
        { Defect.InvalidFhir, "ADP-PROFILE-01" },
        { Defect.NondeterministicIds, "ADP-DETERMINISM-01" },
        { Defect.RegistryLeak, "ADP-POLICY-01" },
        { Defect.DanglingReference, "ADP-REF-01" },
        { Defect.ExceptionOnBadInput, "ADP-ROBUST-01" },
        { Defect.HangOnBadInput, "ADP-ROBUST-02" },
    };

    [Theory]
    [MemberData(nameof(Defects))]
    public async Task BrokenAdapter_FailsExactlyTheRequirementItBreaks(Defect defect, string requirementId)
    {
        using var fixtures = new PreparedFixtures(defect);

        var report = await ConformanceKit.RunAsync(new BrokenExampleSetup(defect), await fixtures.FolderAsync());

        var failing = report.Results.Where(r => r.Status is CheckStatus.Fail or CheckStatus.Error).Select(r => r.Requirement.Id).Distinct();
        Assert.Equal([requirementId], failing);
    }

    [Fact]
    public async Task SoundAdapter_PassesEveryRequirementOverTheSameFixtures()
    {
        var report = await ConformanceKit.RunAsync(new BrokenExampleSetup(Defect.None));

        Assert.False(report.HasProblems, string.Join("\n", report.Results.Where(r => r.Status != CheckStatus.Pass).Select(r => $"{r.Requirement.Id} {r.Case}: {r.Message}")));
        Assert.All(Requirements.All, r => Assert.Equal(CheckStatus.Pass, report.StatusOf(r)));
    }

    /// <summary>A copy of the template's fixtures for one defect, with goldens re-recorded when the defect changes the output.</summary>
    private sealed class PreparedFixtures(Defect defect) : IDisposable
    {
        private readonly TemporaryFolder _temporary = new("conformance-" + defect.ToString().ToLowerInvariant());

        private string Folder => _temporary.Path;

        public async Task<string> FolderAsync()
        {
            foreach (var file in Directory.GetFiles(BrokenExampleSetup.TemplateFixtures, "*", SearchOption.AllDirectories))
            {
                var copy = Path.Combine(Folder, Path.GetRelativePath(BrokenExampleSetup.TemplateFixtures, file));
                Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                File.Copy(file, copy);
            }

            if (defect is Defect.InvalidFhir or Defect.NondeterministicIds or Defect.RegistryLeak or Defect.DanglingReference)
            {
                await ConformanceKit.RecordAsync(new BrokenExampleSetup(defect), Folder);
            }

            if (defect == Defect.NondeterministicIds)
            {
                // The author masked the id as "volatile" to make the goldens pass: the determinism check still sees it.
                File.WriteAllText(Path.Combine(Folder, "fixtures.json"), JsonSerializer.Serialize(new { masks = new[] { "items.*.interactions.*.resource.id" } }));
            }

            return Folder;
        }

        public void Dispose() => _temporary.Dispose();
    }
}
