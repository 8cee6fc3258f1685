using System.Text.Json;
using System.Text.Json.Nodes;
using Interop.Conformance.Fixtures;
using Interop.Conformance.Json;
using Interop.Conformance.Results;
using Interop.Conformance.Running;
using Interop.Contracts.Mapping;

namespace Interop.Conformance.Checks;

/// <summary>
/// The checks of one golden case: the reviewed FHIR and answer (ADP-GOLDEN-01, -02), and the rules every output keeps
/// (profiles, determinism, ids, references, registry policy, unmapped fields). An exception or a hang on any of its calls is
/// reported under ADP-ROBUST-01 or -02, never as a golden mismatch.
/// </summary>
internal static class GoldenChecks
{
    public static async Task<IReadOnlyList<CheckResult>> RunAsync(AdapterUnderTest adapter, FixtureCase @case)
    {
        LegacyRequest request;
        try
        {
            request = adapter.Request(@case);
        }
        catch (Exception e) when (e is FixtureException or IOException or JsonException)
        {
            return [CheckResult.Error(Requirements.GoldenFhir, @case.Id, e.Message)];
        }

        var mapped = await adapter.MapAsync(request).ConfigureAwait(false);
        if (Robustness.Problem(adapter, @case, mapped, "the golden request") is { } problem)
        {
            return [problem, CheckResult.Skip(Requirements.GoldenFhir, @case.Id, $"The adapter gave no mapping: see {problem.Requirement.Id}.")];
        }

        var mapping = mapped.Value!;
        var results = new List<CheckResult> { GoldenFhir(adapter, @case, mapping) };
        results.Add(await GoldenResponseAsync(adapter, @case, request).ConfigureAwait(false));
        results.Add(Rule(Requirements.Profiles, @case, OutputRules.ProfileProblems(mapping, adapter.Validator)));
        results.Add(await DeterminismAsync(adapter, @case, request, mapping).ConfigureAwait(false));
        results.Add(Rule(Requirements.UniqueIds, @case, OutputRules.IdProblems(mapping)));
        results.Add(References(adapter, @case, mapping));
        if (OutputRules.SendsToRegistry(mapping))
        {
            results.Add(Rule(Requirements.RegistryPolicy, @case, OutputRules.RegistryPolicyProblems(mapping, adapter.Policies, adapter.Sender, adapter.Setup.RegistryMember)));
        }

        results.Add(Unmapped(@case, mapping));
        return results;
    }

    /// <summary>A requirement checked by a rule: pass when the rule finds nothing, else fail with the first problem's path and all of them.</summary>
    public static CheckResult Rule(Requirement requirement, FixtureCase @case, IEnumerable<Problem> problems)
    {
        var found = problems.Take(20).ToList();
        return found.Count == 0
            ? CheckResult.Pass(requirement, @case.Id)
            : CheckResult.Fail(requirement, @case.Id, string.Join("\n", found.Select(p => $"{p.Path}: {p.Message}")), found[0].Path);
    }

    private static CheckResult References(AdapterUnderTest adapter, FixtureCase @case, InboundMapping mapping)
    {
        var result = Rule(Requirements.References, @case, OutputRules.ReferenceProblems(mapping, adapter.Fixtures.Settings.UpstreamReferences));
        var count = OutputRules.ReferenceCount(mapping);
        return result.Status != CheckStatus.Pass ? result
            : result with { Message = count == 0 ? "no literal reference (logical references by identifier only)" : $"{count} reference(s) resolved" };
    }

    private static CheckResult GoldenFhir(AdapterUnderTest adapter, FixtureCase @case, InboundMapping mapping)
    {
        if (@case.File("expected.fhir.json") is not { } file)
        {
            return CheckResult.Error(Requirements.GoldenFhir, @case.Id, "expected.fhir.json is missing: record it (the record command) and review it.");
        }

        return CompareJson(Requirements.GoldenFhir, @case, JsonNode.Parse(File.ReadAllText(file)), adapter.Describe(mapping), adapter.Masks(@case));
    }

    private static async Task<CheckResult> GoldenResponseAsync(AdapterUnderTest adapter, FixtureCase @case, LegacyRequest request)
    {
        var requirement = Requirements.GoldenResponse;
        if (@case.ExpectedResponseFile is not { } file)
        {
            return CheckResult.Error(requirement, @case.Id, "expected.response.* is missing: record it (the record command) and review it.");
        }

        var answers = GoldenAnswers.Read(@case);
        if (answers.ReceivedAt is { } receivedAt)
        {
            request = request with { ReceivedAt = receivedAt };
        }

        // Mapped again: the answers may come with another reception time, which the answer can show.
        var mapped = await adapter.MapAsync(request).ConfigureAwait(false);
        if (Robustness.Problem(adapter, @case, mapped, "the golden request, mapped again") is { } problem)
        {
            return problem;
        }

        var responded = await adapter.RespondAsync(answers.Exchange(request, mapped.Value!)).ConfigureAwait(false);
        if (Robustness.Problem(adapter, @case, responded, "the golden answers") is { } answerProblem)
        {
            return answerProblem;
        }

        var response = responded.Value!;
        if (Path.GetExtension(file) == ".json")
        {
            return MappingDescription.JsonResponse(response) is { } actual
                ? CompareJson(requirement, @case, JsonNode.Parse(File.ReadAllText(file)), actual, adapter.Masks(@case))
                : CheckResult.Fail(requirement, @case.Id, "The legacy answer's body is not JSON, as expected.response.json expects.", "body");
        }

        var expected = MappingDescription.Normalize(File.ReadAllText(file));
        var text = MappingDescription.TextResponse(response);
        return expected == text
            ? CheckResult.Pass(requirement, @case.Id)
            : CheckResult.Fail(requirement, @case.Id, $"The legacy answer differs from {Path.GetFileName(file)}.", LineDiff.FirstDifferentLine(expected, text), LineDiff.Format(expected, text));
    }

    private static async Task<CheckResult> DeterminismAsync(AdapterUnderTest adapter, FixtureCase @case, LegacyRequest request, InboundMapping first)
    {
        var second = await adapter.MapAsync(request).ConfigureAwait(false);
        if (Robustness.Problem(adapter, @case, second, "the golden request, mapped a second time") is { } problem)
        {
            return problem;
        }

        var differences = JsonDifference.Between(adapter.Describe(first), adapter.Describe(second.Value!));
        return differences.Count == 0
            ? CheckResult.Pass(Requirements.Determinism, @case.Id)
            : CheckResult.Fail(Requirements.Determinism, @case.Id, "Mapping the same request twice gave different output.", differences[0].Path, JsonDifference.Format(differences));
    }

    private static CheckResult CompareJson(Requirement requirement, FixtureCase @case, JsonNode? expected, JsonNode actual, IReadOnlyList<string> masks)
    {
        var differences = JsonDifference.Between(JsonMask.Apply(expected, masks), JsonMask.Apply(actual, masks));
        return differences.Count == 0
            ? CheckResult.Pass(requirement, @case.Id, masks.Count > 0 ? $"masked: {string.Join(", ", masks)}" : null)
            : CheckResult.Fail(requirement, @case.Id, $"The output differs from the golden file in {differences.Count}{(differences.Count >= 20 ? "+" : "")} place(s).", differences[0].Path, JsonDifference.Format(differences));
    }

    private static CheckResult Unmapped(FixtureCase @case, InboundMapping mapping) => mapping.UnmappedFields.Count == 0
        ? CheckResult.Pass(Requirements.Unmapped, @case.Id, "no unmapped legacy field")
        : CheckResult.Pass(Requirements.Unmapped, @case.Id, $"{mapping.UnmappedFields.Count} legacy field(s) not mapped") with
        {
            Warnings = [.. mapping.UnmappedFields.Select(f => $"unmapped: {f}")],
        };
}
