using Hl7.Fhir.Model;

namespace Interop.Gateway.Passthrough;

/// <summary>
/// What a passthrough request asks of the upstream, read from its method and FHIR path: the operation label for
/// metrics and the record (<c>read:Patient</c>, <c>create:Claim</c>, <c>operation:Patient</c>), and the interaction the
/// sharing policies name (<c>register</c>, <c>match</c>, <c>pix-query</c>, <c>read</c>, <c>search</c>).
/// </summary>
/// <param name="Operation">The label: an interaction and, when it is a FHIR resource type, the type.</param>
/// <param name="PolicyInteraction">The interaction for the sharing policies.</param>
internal sealed record PassthroughInteraction(string Operation, string PolicyInteraction)
{
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The FHIR path under the upstream's base (<c>/Patient/$register</c>).</param>
    public static PassthroughInteraction Classify(string method, string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var type = segments.Length > 0 && ModelInfo.IsKnownResource(segments[0]) ? segments[0] : null;
        var last = segments.Length > 0 ? segments[^1] : "";
        var (interaction, policy) = last.StartsWith('$')
            ? ("operation", last[1..] switch
            {
                "ihe-pix" => "pix-query",
                var name => name,
            })
            : (segments.Length, method) switch
            {
                (0, "POST") => ("batch", "batch"),
                (0, _) => ("search", "search"),
                (1, "GET") => (segments[0] == "metadata" ? "capabilities" : "search", "search"),
                (1, "POST") => ("create", "register"),
                (2, "POST") when last == "_search" => ("search", "search"),
                (_, "GET") => (segments.Length >= 4 ? "vread" : "read", "read"),
                (_, "PUT") => ("update", "register"),
                (_, "PATCH") => ("patch", "register"),
                (_, "DELETE") => ("delete", "delete"),
                _ => ("other", "other"),
            };
        return new PassthroughInteraction(type is null ? interaction : $"{interaction}:{type}", policy);
    }
}
