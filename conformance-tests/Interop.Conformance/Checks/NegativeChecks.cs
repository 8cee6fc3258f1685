using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Interop.Conformance.Fixtures;
using Interop.Conformance.Results;
using Interop.Conformance.Running;
using Interop.Contracts.Mapping;

namespace Interop.Conformance.Checks;

/// <summary>
/// The checks of one negative case: refused with the expected fields (ADP-NEG-01), answered in the legacy format
/// (ADP-NEG-02). An exception or a hang is reported once, under ADP-ROBUST-01 or -02; the NEG checks then say so and skip.
/// </summary>
internal static class NegativeChecks
{
    public static async Task<IReadOnlyList<CheckResult>> RunAsync(AdapterUnderTest adapter, FixtureCase @case)
    {
        LegacyRequest request;
        ExpectedErrors expected;
        try
        {
            request = adapter.Request(@case);
            expected = FixtureJson.Read<ExpectedErrors>(@case.File("expected.errors.json") ?? throw new FixtureException($"{@case.Id}: expected.errors.json is missing."));
            if (expected.Fields.Count == 0)
            {
                throw new FixtureException($"{@case.Id}: expected.errors.json names no field.");
            }
        }
        catch (Exception e) when (e is FixtureException or IOException or JsonException)
        {
            return [CheckResult.Error(Requirements.NegativeFields, @case.Id, e.Message)];
        }

        var mapped = await adapter.MapAsync(request).ConfigureAwait(false);
        if (Robustness.Problem(adapter, @case, mapped, "the negative request") is { } problem)
        {
            return [problem, .. Skipped(@case, problem)];
        }

        var mapping = mapped.Value!;
        var results = new List<CheckResult> { Fields(@case, mapping, expected) };
        var responded = await adapter.RespondAsync(GoldenAnswers.None.Exchange(request, mapping)).ConfigureAwait(false);
        if (Robustness.Problem(adapter, @case, responded, "the refusal's answer") is { } answerProblem)
        {
            return [.. results, answerProblem, CheckResult.Skip(Requirements.NegativeFormat, @case.Id, $"No answer to check: see {answerProblem.Requirement.Id}.")];
        }

        results.Add(Format(adapter, @case, request, responded.Value!, expected));
        results.Add(CheckResult.Pass(Requirements.NoException, @case.Id));
        results.Add(CheckResult.Pass(Requirements.NoHang, @case.Id));
        return results;
    }

    private static IEnumerable<CheckResult> Skipped(FixtureCase @case, CheckResult problem) =>
        [
            CheckResult.Skip(Requirements.NegativeFields, @case.Id, $"The adapter gave no mapping: see {problem.Requirement.Id}."),
            CheckResult.Skip(Requirements.NegativeFormat, @case.Id, $"The adapter gave no mapping: see {problem.Requirement.Id}."),
        ];

    private static CheckResult Fields(FixtureCase @case, InboundMapping mapping, ExpectedErrors expected)
    {
        var errors = mapping.MessageErrors.Concat(mapping.Items.SelectMany(i => i.Errors)).ToList();
        if (errors.Count == 0)
        {
            return CheckResult.Fail(Requirements.NegativeFields, @case.Id, "The request was accepted: no field error at all.", expected.Fields[0].Path);
        }

        var missing = expected.Fields
            .Where(f => !errors.Any(e => e.Path == f.Path && (f.Code is null || e.Code == f.Code)))
            .ToList();
        var found = string.Join(", ", errors.Select(e => $"{e.Path} ({e.Code})"));
        return missing.Count == 0
            ? CheckResult.Pass(Requirements.NegativeFields, @case.Id)
            : CheckResult.Fail(
                Requirements.NegativeFields,
                @case.Id,
                $"Expected errors not found: {string.Join(", ", missing.Select(f => f.Code is null ? f.Path : $"{f.Path} ({f.Code})"))}. Found: {found}.",
                missing[0].Path);
    }

    private static CheckResult Format(AdapterUnderTest adapter, FixtureCase @case, LegacyRequest request, LegacyResponse response, ExpectedErrors expected)
    {
        var requirement = Requirements.NegativeFormat;
        var declared = adapter.RouteOf(request)?.ResponseContentType;
        if (declared is not null && !MediaType(response.ContentType).Equals(MediaType(declared), StringComparison.OrdinalIgnoreCase))
        {
            return CheckResult.Fail(requirement, @case.Id, $"The refusal is {response.ContentType}; the route answers {declared}.", "Content-Type");
        }

        if (expected.Status is { } status && response.StatusCode != status)
        {
            return CheckResult.Fail(requirement, @case.Id, $"The refusal has HTTP status {response.StatusCode}; expected {status}.", "status");
        }

        if (WellFormedProblem(response) is { } problem)
        {
            return CheckResult.Fail(requirement, @case.Id, $"The refusal's body is not well-formed {MediaType(response.ContentType)}: {problem}", "body");
        }

        var body = Encoding.UTF8.GetString(response.Body.Span);
        var unnamed = expected.Fields.Where(f => !body.Contains(f.Path, StringComparison.Ordinal)).Select(f => f.Path).ToList();
        return unnamed.Count == 0
            ? CheckResult.Pass(requirement, @case.Id)
            : CheckResult.Fail(requirement, @case.Id, $"The refusal does not name {string.Join(", ", unnamed)} for the caller.", unnamed[0]);
    }

    private static string? WellFormedProblem(LegacyResponse response)
    {
        var media = MediaType(response.ContentType);
        try
        {
            if (media.EndsWith("json", StringComparison.OrdinalIgnoreCase))
            {
                using var _ = JsonDocument.Parse(response.Body);
            }
            else if (media.EndsWith("xml", StringComparison.OrdinalIgnoreCase))
            {
                _ = XDocument.Parse(Encoding.UTF8.GetString(response.Body.Span));
            }

            return null;
        }
        catch (Exception e) when (e is JsonException or XmlException)
        {
            return e.Message;
        }
    }

    private static string MediaType(string contentType) => contentType.Split(';')[0].Trim();
}
