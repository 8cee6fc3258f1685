using System.Xml.Linq;
using Interop.Contracts.Mapping;

namespace Interop.Adapters.Hspis.Tests.Support;

/// <summary>The faults an H-SPIS client reads in an answer: the root <c>Fault</c> or the <c>Fault</c> elements inside it.</summary>
public static class Faults
{
    public static IReadOnlyList<(string Code, string Element)> In(LegacyResponse response) =>
        Exchange.Xml(response).Descendants(Exchange.Ns + "Fault")
            .Select(f => ((string)f.Attribute("code")!, (string)f.Attribute("element")!))
            .ToList();

    /// <summary>Maps a request, answers nothing, and returns the legacy answer.</summary>
    public static LegacyResponse Answer(HspisAdapter adapter, string operation, string body)
    {
        var request = Exchange.Request(operation, body);
        var mapping = Exchange.Map(adapter, request);
        return adapter.MapResponse(Exchange.Answered(request, mapping, _ => []));
    }

    public static XElement Root(LegacyResponse response) => Exchange.Xml(response).Root!;
}
