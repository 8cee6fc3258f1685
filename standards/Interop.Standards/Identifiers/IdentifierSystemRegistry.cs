using System.Text.RegularExpressions;
using Interop.Contracts.Standards;

namespace Interop.Standards.Identifiers;

/// <summary>The NamingSystems of <c>standards/</c>: format (regular expression) and check digit per identifier system.</summary>
internal sealed class IdentifierSystemRegistry(IReadOnlyDictionary<string, IdentifierSystemRule> rules) : IIdentifierSystems
{
    public const string PatternExtension = CanonicalUrls.Base + "/StructureDefinition/identifier-pattern";
    public const string CheckDigitExtension = CanonicalUrls.Base + "/StructureDefinition/identifier-check-digit";

    public IReadOnlyDictionary<string, IdentifierSystemRule> Rules { get; } = rules;

    public bool IsKnown(string system) => Rules.ContainsKey(system);

    public IdentifierCheck Check(string system, string value)
    {
        if (!Rules.TryGetValue(system, out var rule))
        {
            return IdentifierCheck.UnknownSystem;
        }

        // The whole value must match: '$' alone would accept a trailing newline. The first match is read without
        // allocating one (an identifier is checked in every resource validated).
        if (rule.Pattern is { } pattern && !IsWholeMatch(pattern, value))
        {
            return IdentifierCheck.InvalidFormat;
        }

        return rule.CheckDigit == CheckDigitAlgorithm.Verhoeff && !Verhoeff.IsValid(value)
            ? IdentifierCheck.InvalidCheckDigit
            : IdentifierCheck.Valid;
    }

    private static bool IsWholeMatch(Regex pattern, string value)
    {
        foreach (var match in pattern.EnumerateMatches(value))
        {
            return match.Index == 0 && match.Length == value.Length;
        }

        return false;
    }
}

/// <summary>What a NamingSystem says about its values.</summary>
internal sealed record IdentifierSystemRule(string Id, string System, Regex? Pattern, CheckDigitAlgorithm CheckDigit);

internal enum CheckDigitAlgorithm
{
    None,
    Verhoeff,
}
