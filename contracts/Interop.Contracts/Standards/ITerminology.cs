namespace Interop.Contracts.Standards;

/// <summary>
/// The code lists and concept maps of <c>standards/</c>. Adapters translate legacy codes through it
/// instead of hard-coding tables, so the standards and the mappings never disagree.
/// </summary>
public interface ITerminology
{
    /// <summary>Translates a source code through a ConceptMap.</summary>
    /// <param name="conceptMap">The ConceptMap's canonical url, or its id (<c>pmrs-payment-type-to-scheme</c>).</param>
    /// <param name="sourceCode">The code to translate.</param>
    /// <returns>The target, or a result whose <see cref="ConceptTranslation.IsMatch"/> is false with the reason.</returns>
    ConceptTranslation Translate(string conceptMap, string sourceCode);

    /// <summary>Whether a code is in a ValueSet.</summary>
    /// <param name="valueSet">The ValueSet's canonical url, or its id.</param>
    /// <param name="system">The code's system; <see langword="null"/> matches a code of any system in the set.</param>
    /// <param name="code">The code.</param>
    /// <returns><see langword="true"/> when the ValueSet contains the code.</returns>
    bool Contains(string valueSet, string? system, string code);

    /// <summary>The display of a code in one of our CodeSystems, or <see langword="null"/>.</summary>
    /// <param name="system">The CodeSystem's canonical url.</param>
    /// <param name="code">The code.</param>
    /// <returns>The display text.</returns>
    string? Display(string system, string code);

    /// <summary>Every concept of one of our CodeSystems, in the CodeSystem's order (for code lists served to legacy clients).</summary>
    /// <param name="system">The CodeSystem's canonical url, or its id.</param>
    /// <returns>The concepts; empty for an unknown system.</returns>
    IReadOnlyList<CodeConcept> Concepts(string system);
}

/// <summary>One concept of a CodeSystem.</summary>
/// <param name="Code">The code.</param>
/// <param name="Display">Its display, when it has one.</param>
/// <param name="Definition">Its definition, when it has one.</param>
/// <param name="Properties">Its properties (code → value as text), for example a scheme's <c>operator</c>.</param>
public sealed record CodeConcept(string Code, string? Display, string? Definition, IReadOnlyDictionary<string, string> Properties);

/// <summary>The result of <see cref="ITerminology.Translate"/>.</summary>
/// <param name="IsMatch">Whether the source code maps to a target code.</param>
/// <param name="System">The target CodeSystem url.</param>
/// <param name="Code">The target code.</param>
/// <param name="Display">The target display, when known.</param>
/// <param name="Equivalence">The ConceptMap equivalence (<c>equivalent</c>, <c>wider</c>, <c>unmatched</c>, ...).</param>
/// <param name="Comment">The map's comment for this code (for example why it is unmatched).</param>
public sealed record ConceptTranslation(bool IsMatch, string? System, string? Code, string? Display, string? Equivalence, string? Comment)
{
    /// <summary>A translation that found nothing.</summary>
    /// <param name="reason">Why (unknown map, unknown code, unmatched).</param>
    /// <returns>The non-matching result.</returns>
    public static ConceptTranslation NoMatch(string reason) => new(false, null, null, null, null, reason);
}
