using System.Globalization;
using Interop.Contracts.Standards;

namespace Interop.Adapters.Hspis.Answers;

/// <summary>The gateway-error CodeSystem read once: each code's H-SPIS fault code (<c>hspis-fault</c>) and HTTP status.</summary>
internal sealed class FaultCodes
{
    private const string Fallback = "E503";
    private readonly Dictionary<string, (string Fault, int Status, string Category)> _byCode;

    public FaultCodes(ITerminology terminology)
    {
        _byCode = terminology.Concepts("gateway-error").ToDictionary(
            c => c.Code,
            c => (
                c.Properties.TryGetValue("hspis-fault", out var fault) ? fault : Fallback,
                c.Properties.TryGetValue("http-status", out var status) && int.TryParse(status, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 500,
                c.Properties.TryGetValue("category", out var category) ? category : "upstream"),
            StringComparer.Ordinal);
        if (_byCode.Count == 0)
        {
            throw new InvalidOperationException("The standards have no gateway-error CodeSystem: the H-SPIS adapter cannot name its faults.");
        }
    }

    /// <summary>The H-SPIS fault code (<c>E203</c>) of a gateway-error code; an unknown code is an internal error (E503).</summary>
    public string FaultOf(string code) => _byCode.TryGetValue(code, out var entry) ? entry.Fault : Fallback;

    /// <summary>The HTTP status of a message-level fault: the CodeSystem's for structure problems, otherwise 400 (the message is refused).</summary>
    public int MessageStatusOf(string code) =>
        _byCode.TryGetValue(code, out var entry) ? entry.Category == "structure" ? entry.Status : 400 : 500;
}
