using Interop.Contracts.Standards;

namespace Interop.Standards.Tariffs;

/// <summary>The tariff in force, indexed by code.</summary>
internal sealed class Tariff(TariffDocument document) : ITariff
{
    private readonly Dictionary<string, decimal> _caseGroups =
        (document.CaseGroups ?? []).GroupBy(c => c.Code).ToDictionary(g => g.Key, g => g.First().AverageCost, StringComparer.Ordinal);

    private readonly Dictionary<string, decimal> _services =
        (document.HefServices ?? []).GroupBy(s => s.Code).ToDictionary(g => g.Key, g => g.First().Price, StringComparer.Ordinal);

    public string Id { get; } = document.Id ?? "";

    public bool IsSample { get; } = document.Sample;

    public string Currency { get; } = document.Currency ?? "KHR";

    public decimal FoodAllowancePerDay { get; } = document.FoodAllowancePerDay ?? 0m;

    public decimal? CaseGroupAverageCost(string caseGroup) => _caseGroups.TryGetValue(caseGroup, out var cost) ? cost : null;

    public decimal? ServicePrice(string serviceCode) => _services.TryGetValue(serviceCode, out var price) ? price : null;
}
