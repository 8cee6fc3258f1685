using System.Text;
using Interop.Conformance.Fixtures;
using Interop.Conformance.Results;
using Interop.Conformance.Running;
using Interop.Contracts.Mapping;

namespace Interop.Conformance.Checks;

/// <summary>
/// ADP-ROBUST-01 and -02: mutated and truncated copies of every golden request (a fixed number, a fixed seed) are mapped and
/// answered; none may throw or run past the time budget. A case stops at its first hang, so a hanging adapter costs one
/// budget per case, not one per input.
/// </summary>
internal static class Robustness
{
    public static async Task<IReadOnlyList<CheckResult>> RunAsync(AdapterUnderTest adapter, FixtureCase @case, int caseIndex)
    {
        LegacyRequest golden;
        try
        {
            golden = adapter.Request(@case);
        }
        catch (Exception e) when (e is FixtureException or IOException or System.Text.Json.JsonException)
        {
            return [CheckResult.Error(Requirements.NoException, @case.Id, e.Message)];
        }

        if (golden.Body.IsEmpty && golden.Query.Count == 0)
        {
            return [];
        }

        var mutator = new InputMutator(adapter.Options.Seed + caseIndex);
        CheckResult? thrown = null;
        for (var n = 0; n < adapter.Options.MutationsPerCase; n++)
        {
            var (description, request) = Mutate(golden, mutator);
            var mapped = await adapter.MapAsync(request).ConfigureAwait(false);
            var problem = Problem(adapter, @case, mapped, description);
            if (problem is null)
            {
                var responded = await adapter.RespondAsync(GoldenAnswers.None.Exchange(request, mapped.Value!)).ConfigureAwait(false);
                problem = Problem(adapter, @case, responded, $"the answer to {description}");
            }

            if (problem?.Requirement == Requirements.NoHang)
            {
                return [thrown ?? CheckResult.Pass(Requirements.NoException, @case.Id, $"{n} input(s) tried before the hang"), problem];
            }

            thrown ??= problem;
        }

        var tried = $"{adapter.Options.MutationsPerCase} mutated or truncated input(s)";
        return [thrown ?? CheckResult.Pass(Requirements.NoException, @case.Id, tried), CheckResult.Pass(Requirements.NoHang, @case.Id, tried)];
    }

    /// <summary>A broken copy of the request: its body, or for a request without one (a search), one of its query values.</summary>
    private static (string Description, LegacyRequest Request) Mutate(LegacyRequest golden, InputMutator mutator)
    {
        if (!golden.Body.IsEmpty)
        {
            var (change, body) = mutator.Next(golden.Body.Span);
            return ($"the golden body, {change}", golden with { Body = body });
        }

        var name = golden.Query.Keys.Order(StringComparer.Ordinal).ElementAt(mutator.Pick(golden.Query.Count));
        var value = golden.Query[name].FirstOrDefault() ?? "";
        var (what, bytes) = mutator.Next(Encoding.UTF8.GetBytes(value));
        var query = new Dictionary<string, IReadOnlyList<string>>(golden.Query) { [name] = [Encoding.UTF8.GetString(bytes)] };
        return ($"the golden query parameter '{name}', {what}", golden with { Query = query });
    }

    /// <summary>The ROBUST failure an attempt shows (an exception or a hang), or <see langword="null"/> when it answered.</summary>
    public static CheckResult? Problem<T>(AdapterUnderTest adapter, FixtureCase @case, Attempt<T> attempt, string input) => attempt switch
    {
        { TimedOut: true } => CheckResult.Fail(Requirements.NoHang, @case.Id, $"On {input}: {attempt.Failure(adapter.Options.TimeBudget)}."),
        { Exception: { } e } => CheckResult.Fail(Requirements.NoException, @case.Id, $"On {input}: {attempt.Failure(adapter.Options.TimeBudget)}.", e.TargetSite?.DeclaringType?.FullName) with
        {
            Diff = e.ToString(),
        },
        _ => null,
    };
}
