using System.Globalization;
using Hl7.Fhir.Model;
using Interop.Contracts.Standards;

namespace Interop.Sandbox.Operators;

/// <summary>
/// Assesses a claim the way the sample tariff says: an NSSF case group pays its average cost scaled by the facility's
/// quality class (80-120%, private up to 150%), HEF services pay the tariff price per unit, the caretaker food allowance
/// pays per day, and transport is paid as claimed up to the tariff's maximum per item.
/// </summary>
internal sealed class ClaimAssessor(ITariff tariff, ITerminology terminology, IReadOnlyDictionary<string, string> facilityClasses)
{
    private const string Cs = "https://fhir.nspc.gov.kh/CodeSystem/";
    private const decimal TransportCap = 100_000m;

    private readonly Dictionary<string, decimal> _percentages = terminology.Concepts("facility-quality-class")
        .Where(c => c.Properties.ContainsKey("payment-percentage"))
        .ToDictionary(c => c.Code, c => decimal.Parse(c.Properties["payment-percentage"], CultureInfo.InvariantCulture), StringComparer.Ordinal);

    /// <summary>The amount assessed per claim item (by sequence), and why when an item is not paid.</summary>
    public IReadOnlyList<(int Sequence, decimal Amount, string? Reason)> Assess(Claim claim)
    {
        var facility = claim.Provider?.Identifier?.Value ?? "";
        var percentage = facilityClasses.TryGetValue(facility, out var quality) && _percentages.TryGetValue(quality, out var p) ? p : 100m;
        var results = new List<(int, decimal, string?)>();
        foreach (var item in claim.Item)
        {
            var coding = item.ProductOrService?.Coding.FirstOrDefault();
            var quantity = item.Quantity?.Value ?? 1m;
            var claimed = item.Net?.Value ?? 0m;
            (decimal Amount, string? Reason) assessed = (coding?.System, coding?.Code) switch
            {
                (Cs + "nssf-case-group", { } group) when tariff.CaseGroupAverageCost(group) is { } cost => (Math.Round(cost * percentage / 100m, 2), null),
                (Cs + "hef-service", { } service) when tariff.ServicePrice(service) is { } price => (price * quantity, null),
                (Cs + "fee-item", "CARETAKER-FOOD") => (tariff.FoodAllowancePerDay * quantity, null),
                (Cs + "fee-item", "TRANSPORT") => (Math.Min(claimed, TransportCap * quantity), claimed > TransportCap * quantity ? "Transport paid up to the tariff maximum." : null),
                _ => (0m, $"{coding?.Code ?? "(no code)"} is not in the tariff."),
            };
            results.Add((item.Sequence ?? 0, assessed.Amount, assessed.Reason));
        }

        return results;
    }
}
