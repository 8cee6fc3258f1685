using System.Text.Json.Serialization;

namespace Interop.Standards.Tariffs;

/// <summary>The JSON shape of a tariff file (<c>standards/tariffs/*.json</c>), documented in its README.</summary>
internal sealed record TariffDocument
{
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("sample")]
    public bool Sample { get; init; }

    [JsonPropertyName("description")]
    public string? Description { get; init; }

    [JsonPropertyName("currency")]
    public string? Currency { get; init; }

    [JsonPropertyName("effectiveFrom")]
    public string? EffectiveFrom { get; init; }

    [JsonPropertyName("foodAllowancePerDay")]
    public decimal? FoodAllowancePerDay { get; init; }

    [JsonPropertyName("caseGroups")]
    public IReadOnlyList<TariffCaseGroup>? CaseGroups { get; init; }

    [JsonPropertyName("hefServices")]
    public IReadOnlyList<TariffService>? HefServices { get; init; }

    [JsonPropertyName("feeItems")]
    public IReadOnlyList<TariffFeeItem>? FeeItems { get; init; }
}

internal sealed record TariffCaseGroup(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("averageCost")] decimal AverageCost);

internal sealed record TariffService(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("price")] decimal Price);

internal sealed record TariffFeeItem(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("unit")] string? Unit,
    [property: JsonPropertyName("amount")] decimal? Amount,
    [property: JsonPropertyName("maxAmount")] decimal? MaxAmount);
