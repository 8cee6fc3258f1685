namespace Interop.Gateway.Passthrough;

/// <summary>The FHIR passthrough routes (<c>Passthrough</c> in configuration).</summary>
public sealed class PassthroughOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Passthrough";

    /// <summary>Whether <c>/fhir/{alias}/...</c> is served for every configured upstream. Default on.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The largest request body accepted, in bytes. Default 1 MiB.</summary>
    public long MaxRequestBytes { get; set; } = 1024 * 1024;
}
