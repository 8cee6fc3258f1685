using System.Text.Json;
using System.Text.RegularExpressions;

namespace Interop.Conformance.Deployment;

/// <summary>What the gateway answered, read in the route's legacy format: the HTTP status and the refusal code it names.</summary>
internal sealed partial record LegacyAnswer(int Status, string Body, LegacyFormat Format)
{
    /// <summary>The reasons the checks expect, with their HTTP status and H-SPIS fault (<c>standards/fhir/code-systems/CodeSystem-gateway-error.json</c>).</summary>
    private static readonly Dictionary<string, (int Status, string Fault)> Reasons = new(StringComparer.Ordinal)
    {
        ["signature-missing"] = (401, "E401"),
        ["signature-invalid"] = (401, "E402"),
        ["unknown-key"] = (401, "E403"),
        ["signature-expired"] = (401, "E404"),
        ["replayed"] = (401, "E405"),
        ["digest-mismatch"] = (400, "E406"),
        ["not-allowed"] = (403, "E407"),
        ["revoked-key"] = (401, "E409"),
        ["body-too-large"] = (413, "E104"),
    };

    /// <summary>The H-SPIS fault codes in the body (<c>&lt;Fault ... code="E401"&gt;</c>).</summary>
    public IReadOnlyList<string> Faults => Format == LegacyFormat.Hspis ? [.. FaultCode().Matches(Body).Select(m => m.Groups[1].Value)] : [];

    /// <summary>Whether this is a refusal for the request's signature (any security fault E40x, or a PMRS 401/403 envelope).</summary>
    public bool IsSignatureRefusal => Format == LegacyFormat.Hspis
        ? Faults.Any(f => f.StartsWith("E40", StringComparison.Ordinal) && f != "E400" && f != "E408") || (Status is 401 or 403 && Faults.Count == 0)
        : Status is 401 or 403;

    /// <summary>How the answer reads in one line: <c>HTTP 401, fault E401</c>.</summary>
    public string Summary => Format == LegacyFormat.Hspis
        ? $"HTTP {Status}, fault {(Faults.Count == 0 ? "none" : string.Join(", ", Faults))}"
        : $"HTTP {Status}, envelope {Envelope()}";

    /// <summary>The problem with this answer as a refusal for <paramref name="reason"/>, or <see langword="null"/> when it is one.</summary>
    /// <param name="reason">The gateway-error code expected (<c>signature-missing</c>, ...).</param>
    /// <returns>What is wrong, or null.</returns>
    public string? NotRefusedAs(string reason)
    {
        var (status, fault) = Reasons[reason];
        var expected = Format == LegacyFormat.Hspis
            ? $"HTTP {status} with <Fault code=\"{fault}\"> ({reason})"
            : $"HTTP {status} with the envelope \"success\":false, \"http_code\":{status} ({reason})";
        var ok = Format == LegacyFormat.Hspis
            ? Status == status && Faults.Contains(fault)
            : Status == status && Envelope() == $"success=false http_code={status}";
        return ok ? null : $"expected a refusal {expected}; got {Summary}";
    }

    /// <summary>The body's first characters, for a report's diff.</summary>
    public string Excerpt => Body.Length <= 600 ? Body : Body[..600] + " ...";

    private string Envelope()
    {
        try
        {
            using var document = JsonDocument.Parse(Body);
            var root = document.RootElement;
            var success = root.TryGetProperty("success", out var s) ? s.ToString().ToLowerInvariant() : "absent";
            var code = root.TryGetProperty("http_code", out var c) ? c.ToString() : "absent";
            return $"success={success} http_code={code}";
        }
        catch (JsonException)
        {
            return "not JSON";
        }
    }

    [GeneratedRegex("<(?:\\w+:)?Fault\\b[^>]*\\bcode=\"(E\\d+)\"")]
    private static partial Regex FaultCode();
}
