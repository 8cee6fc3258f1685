namespace Interop.Conformance.Fixtures;

/// <summary>The <c>expected.errors.json</c> of a negative case: the fields the refusal must name.</summary>
public sealed record ExpectedErrors
{
    /// <summary>Every field the refusal must name (at least one).</summary>
    public IReadOnlyList<ExpectedField> Fields { get; init; } = [];

    /// <summary>The HTTP status of the legacy answer, when it is fixed (omit for partial acceptance).</summary>
    public int? Status { get; init; }
}

/// <summary>One field a refusal must name.</summary>
/// <param name="Path">The legacy field path (<c>patient.birthdate</c>, <c>Member/NssfId</c>).</param>
/// <param name="Code">The gateway-error code, when it matters (<c>invalid-format</c>).</param>
public sealed record ExpectedField(string Path, string? Code = null);
