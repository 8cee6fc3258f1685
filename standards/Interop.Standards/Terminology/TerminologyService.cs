using Hl7.Fhir.Model;
using Interop.Contracts.Standards;

namespace Interop.Standards.Terminology;

/// <summary>The terminology of <c>standards/</c>, indexed once at load; lookups are dictionary reads.</summary>
internal sealed class TerminologyService : ITerminology
{
    private readonly Dictionary<string, CodeSystemEntry> _codeSystems;
    private readonly Dictionary<string, ValueSetEntry> _valueSets;
    private readonly Dictionary<string, ConceptMapEntry> _conceptMaps;

    public TerminologyService(
        Dictionary<string, CodeSystemEntry> codeSystems,
        Dictionary<string, ValueSetEntry> valueSets,
        IEnumerable<ConceptMapEntry> conceptMaps)
    {
        _codeSystems = codeSystems;
        _valueSets = valueSets;
        _conceptMaps = new Dictionary<string, ConceptMapEntry>(StringComparer.Ordinal);
        foreach (var map in conceptMaps)
        {
            _conceptMaps[map.Url] = map;
            _conceptMaps[map.Id] = map;
        }
    }

    public ConceptTranslation Translate(string conceptMap, string sourceCode)
    {
        if (!_conceptMaps.TryGetValue(CanonicalUrls.WithoutVersion(conceptMap), out var map))
        {
            return ConceptTranslation.NoMatch($"ConceptMap '{conceptMap}' is not in the standards.");
        }

        return map.BySourceCode.TryGetValue(sourceCode, out var translation)
            ? translation
            : ConceptTranslation.NoMatch($"'{sourceCode}' is not a source code of ConceptMap '{map.Id}'.");
    }

    public bool Contains(string valueSet, string? system, string code) =>
        FindValueSet(valueSet)?.Contains(system, code) ?? false;

    public string? Display(string system, string code) =>
        _codeSystems.TryGetValue(system, out var cs) && cs.Concepts.TryGetValue(code, out var concept) ? concept.Display : null;

    public IReadOnlyList<CodeConcept> Concepts(string system)
    {
        if (!_codeSystems.TryGetValue(system, out var cs) && !_codeSystems.TryGetValue(CanonicalUrls.For("CodeSystem", system), out cs))
        {
            return [];
        }

        return cs.Concepts.Values
            .Select(c => new CodeConcept(
                c.Code!,
                c.Display,
                c.Definition,
                c.Property.Where(p => p.Code is not null && p.Value is not null)
                    .ToDictionary(p => p.Code!, p => Convert.ToString(p.Value is PrimitiveType primitive ? primitive.JsonValue : p.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "", StringComparer.Ordinal)))
            .ToList();
    }

    internal ValueSetEntry? FindValueSet(string valueSet)
    {
        var url = CanonicalUrls.WithoutVersion(valueSet);
        if (_valueSets.TryGetValue(url, out var entry))
        {
            return entry;
        }

        return _valueSets.TryGetValue(CanonicalUrls.For("ValueSet", url), out entry) ? entry : null;
    }
}
