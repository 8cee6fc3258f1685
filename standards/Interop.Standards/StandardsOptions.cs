namespace Interop.Standards;

/// <summary>Where the standards are read from. Every setting has a default that works out of the box.</summary>
public sealed record StandardsOptions
{
    /// <summary>
    /// The folder holding <c>fhir/</c>, <c>policies/</c> and <c>tariffs/</c>.
    /// Default: the copy of the repository's <c>standards/</c> shipped next to the application (<c>{AppContext.BaseDirectory}/standards</c>).
    /// </summary>
    public string Root { get; set; } = Path.Combine(AppContext.BaseDirectory, "standards");

    /// <summary>The tariff in force, a file under <see cref="Root"/>. Default: <c>tariffs/sample-tariff.json</c> (sample data).</summary>
    public string TariffFile { get; set; } = Path.Combine("tariffs", "sample-tariff.json");
}
