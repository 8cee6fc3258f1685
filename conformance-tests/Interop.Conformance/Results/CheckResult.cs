namespace Interop.Conformance.Results;

/// <summary>How one check ended.</summary>
public enum CheckStatus
{
    /// <summary>The requirement holds for this case.</summary>
    Pass,

    /// <summary>The adapter breaks the requirement for this case.</summary>
    Fail,

    /// <summary>The check did not apply or could not run for a reason that is not a defect of this requirement (the reason says which).</summary>
    Skip,

    /// <summary>The check could not run: a broken fixture or an internal error of the kit.</summary>
    Error,
}

/// <summary>The result of one requirement on one fixture case.</summary>
public sealed record CheckResult
{
    /// <summary>The requirement checked.</summary>
    public required Requirement Requirement { get; init; }

    /// <summary>The fixture case (<c>golden/visit-opd-final</c>), or <c>*</c> for a requirement no case applied to.</summary>
    public required string Case { get; init; }

    /// <summary>How the check ended.</summary>
    public required CheckStatus Status { get; init; }

    /// <summary>What failed, or why the check was skipped; <see langword="null"/> on a plain pass.</summary>
    public string? Message { get; init; }

    /// <summary>The offending path (a JSON path in the mapping, a FHIR path, a legacy field path), when there is one.</summary>
    public string? Path { get; init; }

    /// <summary>A readable difference between expected and actual (goldens).</summary>
    public string? Diff { get; init; }

    /// <summary>Warnings that do not fail the check (for example unmapped legacy fields).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>A passing result.</summary>
    /// <param name="requirement">The requirement.</param>
    /// <param name="case">The case.</param>
    /// <param name="message">An optional note.</param>
    /// <returns>The result.</returns>
    public static CheckResult Pass(Requirement requirement, string @case, string? message = null) =>
        new() { Requirement = requirement, Case = @case, Status = CheckStatus.Pass, Message = message };

    /// <summary>A failing result.</summary>
    /// <param name="requirement">The requirement.</param>
    /// <param name="case">The case.</param>
    /// <param name="message">What failed.</param>
    /// <param name="path">The offending path.</param>
    /// <param name="diff">A readable difference.</param>
    /// <returns>The result.</returns>
    public static CheckResult Fail(Requirement requirement, string @case, string message, string? path = null, string? diff = null) =>
        new() { Requirement = requirement, Case = @case, Status = CheckStatus.Fail, Message = message, Path = path, Diff = diff };

    /// <summary>A skipped check, with its reason.</summary>
    /// <param name="requirement">The requirement.</param>
    /// <param name="case">The case.</param>
    /// <param name="reason">Why it did not run.</param>
    /// <returns>The result.</returns>
    public static CheckResult Skip(Requirement requirement, string @case, string reason) =>
        new() { Requirement = requirement, Case = @case, Status = CheckStatus.Skip, Message = reason };

    /// <summary>A check that could not run (broken fixture, kit error).</summary>
    /// <param name="requirement">The requirement.</param>
    /// <param name="case">The case.</param>
    /// <param name="message">What went wrong.</param>
    /// <returns>The result.</returns>
    public static CheckResult Error(Requirement requirement, string @case, string message) =>
        new() { Requirement = requirement, Case = @case, Status = CheckStatus.Error, Message = message };
}
