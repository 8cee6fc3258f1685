namespace Interop.Conformance.Results;

/// <summary>Everything one run of the kit found about one adapter (or one deployment).</summary>
public sealed record ConformanceReport
{
    /// <summary>What was checked: <c>adapter</c> (the default) or <c>deployment</c>, as the reports name it.</summary>
    public string Kind { get; init; } = "adapter";

    /// <summary>The requirements of the run, in report order (default: the adapter requirements).</summary>
    public IReadOnlyList<Requirement> Requirements { get; init; } = Interop.Conformance.Requirements.All;

    /// <summary>The adapter's manifest id (for a deployment: <c>deployment</c>).</summary>
    public required string AdapterId { get; init; }

    /// <summary>The adapter's manifest version (for a deployment: the gateway URL).</summary>
    public required string AdapterVersion { get; init; }

    /// <summary>The fixture folder the run used (for a deployment: the sample request).</summary>
    public required string Fixtures { get; init; }

    /// <summary>When the run started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>How long the run took.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>Every result, in requirement order then case order.</summary>
    public required IReadOnlyList<CheckResult> Results { get; init; }

    /// <summary>Whether any check failed or could not run: the command exits non-zero.</summary>
    public bool HasProblems => Results.Any(r => r.Status is CheckStatus.Fail or CheckStatus.Error);

    /// <summary>How many results have a status.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The count.</returns>
    public int Count(CheckStatus status) => Results.Count(r => r.Status == status);

    /// <summary>The results of one requirement.</summary>
    /// <param name="requirement">The requirement.</param>
    /// <returns>Its results, in case order.</returns>
    public IEnumerable<CheckResult> For(Requirement requirement) => Results.Where(r => r.Requirement == requirement);

    /// <summary>The worst status of a requirement (error, fail, pass, skip when nothing ran).</summary>
    /// <param name="requirement">The requirement.</param>
    /// <returns>The summary status.</returns>
    public CheckStatus StatusOf(Requirement requirement)
    {
        var statuses = For(requirement).Select(r => r.Status).ToList();
        return statuses.Contains(CheckStatus.Error) ? CheckStatus.Error
            : statuses.Contains(CheckStatus.Fail) ? CheckStatus.Fail
            : statuses.Contains(CheckStatus.Pass) ? CheckStatus.Pass
            : CheckStatus.Skip;
    }
}
