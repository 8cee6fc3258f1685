namespace Interop.Contracts.Standards;

/// <summary>The payment tariff in force (<c>standards/tariffs/</c>): case group costs, service prices, allowances.</summary>
public interface ITariff
{
    /// <summary>The tariff's id (for example <c>sample-2025</c>), recorded with what was computed from it.</summary>
    string Id { get; }

    /// <summary>Whether the tariff is sample data (the sandbox's), not an official one.</summary>
    bool IsSample { get; }

    /// <summary>The currency of every amount, <c>KHR</c>.</summary>
    string Currency { get; }

    /// <summary>The caretaker food allowance paid per day.</summary>
    decimal FoodAllowancePerDay { get; }

    /// <summary>The average cost of an NSSF case group (<c>CG01</c>..<c>CG52</c>), or <see langword="null"/> if unknown.</summary>
    /// <param name="caseGroup">The case group code.</param>
    /// <returns>The average cost.</returns>
    decimal? CaseGroupAverageCost(string caseGroup);

    /// <summary>The price of an HEF service, or <see langword="null"/> if unknown.</summary>
    /// <param name="serviceCode">The service code (<c>HEF-LAB-CBC</c>).</param>
    /// <returns>The price.</returns>
    decimal? ServicePrice(string serviceCode);
}
