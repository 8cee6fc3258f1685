using System.Diagnostics;
using System.Text;
using Interop.Conformance.Checks;
using Interop.Conformance.Fixtures;
using Interop.Conformance.Json;
using Interop.Conformance.Results;
using Interop.Conformance.Running;

namespace Interop.Conformance;

/// <summary>Runs the adapter checks over a fixture folder, and records goldens for review.</summary>
public static class ConformanceKit
{
    /// <summary>Runs every adapter requirement on every case of the fixture folder.</summary>
    /// <param name="setup">How the adapter is registered and how cases become requests.</param>
    /// <param name="fixturesFolder">The fixture folder; default: the setup's.</param>
    /// <param name="options">How hard to push; default: the setup's.</param>
    /// <returns>The report, one result per requirement and case (a skip with its reason for a requirement no case applies to).</returns>
    public static async Task<ConformanceReport> RunAsync(AdapterConformanceSetup setup, string? fixturesFolder = null, ConformanceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var fixtures = FixtureSet.Open(fixturesFolder ?? setup.FixturesFolder);
        using var adapter = new AdapterUnderTest(setup, fixtures, options ?? setup.Options);
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();

        var results = new List<CheckResult>();
        var golden = fixtures.Golden;
        foreach (var @case in golden)
        {
            results.AddRange(await GoldenChecks.RunAsync(adapter, @case).ConfigureAwait(false));
        }

        foreach (var @case in fixtures.Negative)
        {
            results.AddRange(await NegativeChecks.RunAsync(adapter, @case).ConfigureAwait(false));
        }

        for (var i = 0; i < golden.Count; i++)
        {
            results.AddRange(await Robustness.RunAsync(adapter, golden[i], i).ConfigureAwait(false));
        }

        foreach (var requirement in Requirements.All.Where(r => !results.Any(x => x.Requirement == r)))
        {
            results.Add(CheckResult.Skip(requirement, "*", NothingToCheck(requirement)));
        }

        return new ConformanceReport
        {
            AdapterId = adapter.Manifest.Id,
            AdapterVersion = adapter.Manifest.Version,
            Fixtures = fixtures.Root,
            StartedAt = startedAt,
            Duration = clock.Elapsed,
            Results = [.. results
                .OrderBy(r => IndexOf(r.Requirement))
                .ThenBy(r => r.Case, StringComparer.Ordinal)],
        };
    }

    /// <summary>
    /// Writes <c>expected.fhir.json</c> and <c>expected.response.*</c> of every golden case from what the adapter does now.
    /// Review the diff like code: a recorded golden is a claim that the output is right.
    /// </summary>
    /// <param name="setup">How the adapter is registered.</param>
    /// <param name="fixturesFolder">The fixture folder; default: the setup's.</param>
    /// <returns>The files written.</returns>
    public static async Task<IReadOnlyList<string>> RecordAsync(AdapterConformanceSetup setup, string? fixturesFolder = null)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var fixtures = FixtureSet.Open(fixturesFolder ?? setup.FixturesFolder);
        using var adapter = new AdapterUnderTest(setup, fixtures, setup.Options);
        var written = new List<string>();
        foreach (var @case in fixtures.Golden)
        {
            var answers = GoldenAnswers.Read(@case);
            var request = adapter.Request(@case);
            var mapping = (await adapter.MapAsync(request).ConfigureAwait(false)).Value
                ?? throw new InvalidOperationException($"{@case.Id}: the adapter did not map the request.");
            written.Add(Write(Path.Combine(@case.Folder, "expected.fhir.json"), adapter.Describe(mapping).ToJsonString(MappingDescription.Indented)));

            request = answers.ReceivedAt is { } at ? request with { ReceivedAt = at } : request;
            mapping = (await adapter.MapAsync(request).ConfigureAwait(false)).Value!;
            var response = (await adapter.RespondAsync(answers.Exchange(request, mapping)).ConfigureAwait(false)).Value
                ?? throw new InvalidOperationException($"{@case.Id}: the adapter did not map the answers back.");
            var json = MappingDescription.JsonResponse(response);
            var file = @case.ExpectedResponseFile ?? Path.Combine(@case.Folder, json is null ? "expected.response.txt" : "expected.response.json");
            written.Add(Write(file, Path.GetExtension(file) == ".json" && json is not null ? json.ToJsonString(MappingDescription.Indented) : MappingDescription.TextResponse(response)));
        }

        return written;
    }

    private static string Write(string file, string text)
    {
        File.WriteAllText(file, MappingDescription.Normalize(text), new UTF8Encoding(false));
        return file;
    }

    private static int IndexOf(Requirement requirement)
    {
        for (var i = 0; i < Requirements.All.Count; i++)
        {
            if (Requirements.All[i] == requirement)
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    private static string NothingToCheck(Requirement requirement) => requirement.Id switch
    {
        "ADP-POLICY-01" => "No golden case sends a resource to the registry.",
        "ADP-NEG-01" or "ADP-NEG-02" => "The fixtures have no negative case.",
        "ADP-ROBUST-01" or "ADP-ROBUST-02" => "No golden case has a body to mutate and the fixtures have no negative case.",
        _ => "The fixtures have no golden case.",
    };
}
