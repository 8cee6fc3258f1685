using System.Globalization;
using Hl7.Fhir.Model;
using Hl7.FhirPath;
using Hl7.FhirPath.Expressions;

namespace Interop.Standards.Validation;

/// <summary>
/// The FHIRPath compiler our invariants are compiled with: Firely's standard functions plus <c>sum()</c>, the
/// aggregate of FHIRPath 3.0 (STU) that R4's FHIRPath writes as <c>aggregate($this + $total, 0)</c>. Firely does not
/// ship it, and the long form costs ten times more on a claim of ten items.
/// </summary>
internal static class FhirPathFunctions
{
    public static FhirPathCompiler CreateCompiler()
    {
        var symbols = new SymbolTable(FhirPathCompiler.DefaultSymbolTable);
        symbols.Add("sum", (IEnumerable<PocoNode> focus) => Sum(focus));
        return new FhirPathCompiler(symbols);
    }

    private static decimal Sum(IEnumerable<PocoNode> focus)
    {
        var total = 0m;
        foreach (var node in focus)
        {
            total += node.GetValue() switch
            {
                decimal d => d,
                int i => i,
                long l => l,
                string s when decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) => parsed,
                _ => throw new InvalidOperationException("sum() adds numbers only."),
            };
        }

        return total;
    }
}
