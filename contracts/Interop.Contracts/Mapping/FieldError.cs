namespace Interop.Contracts.Mapping;

/// <summary>
/// One thing wrong with one field of a legacy request: where, what was sent, why it is refused.
/// Rendered back to the caller in its own format (a PMRS field map, an H-SPIS <c>Fault</c>).
/// </summary>
/// <param name="Path">
/// The field's path in the caller's own terms: a PMRS dot path with array positions as numbers
/// (<c>invoices.0.items.1.quantity</c>), an H-SPIS element path (<c>Claim[2]/CaseGroup</c>).
/// </param>
/// <param name="Code">A code of the gateway-error CodeSystem (<c>invalid-format</c>, <c>unknown-code</c>, ...).</param>
/// <param name="Reason">Why the value is refused, one sentence for a person to read.</param>
/// <param name="Value">
/// The offending value as sent, or <see langword="null"/>. It goes back to the caller only:
/// never write it to logs, it may be personal data.
/// </param>
public sealed record FieldError(string Path, string Code, string Reason, string? Value = null);
