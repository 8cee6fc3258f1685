namespace Interop.Gateway.Passthrough;

/// <summary>The FHIR passthrough routes (<c>Passthrough</c> in configuration).</summary>
/// <remarks>
/// The timeout of one attempt and the number of retries are the upstream's own (<c>Upstreams:{alias}:AttemptTimeout</c>,
/// <c>MaxRetries</c>); the settings here bound the whole call and tune the circuit breaker kept for each alias.
/// </remarks>
public sealed class PassthroughOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Passthrough";

    /// <summary>Whether <c>/fhir/{alias}/...</c> is served for every configured upstream. Default on.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The largest request body accepted, in bytes. Default 1 MiB.</summary>
    public long MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>The longest a caller waits for the upstream, retries included. Default 30 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The share of failed calls (5xx, 408, 429, unreachable, timed out) that opens an alias's circuit. Default 0.5.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>How many calls the breaker needs to see within <see cref="BreakerSamplingDuration"/> before it may open. Default 10 (at least 2).</summary>
    public int BreakerMinimumThroughput { get; set; } = 10;

    /// <summary>The window the failure ratio is measured over. Default 30 seconds.</summary>
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit refuses calls before one is let through to test the upstream. Default 15 seconds.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);
}
