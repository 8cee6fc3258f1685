using Interop.Contracts.Standards;

namespace Interop.Standards.Terminology;

/// <summary>A ConceptMap indexed by source code.</summary>
internal sealed class ConceptMapEntry(string url, string id)
{
    public string Url { get; } = url;

    public string Id { get; } = id;

    public Dictionary<string, ConceptTranslation> BySourceCode { get; } = new(StringComparer.Ordinal);
}
