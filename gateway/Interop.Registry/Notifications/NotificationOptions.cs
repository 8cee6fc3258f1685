namespace Interop.Registry.Notifications;

/// <summary>Where notifications go and how they are retried.</summary>
public sealed record NotificationOptions
{
    /// <summary>
    /// The url each operator receives FHIR messages at, by member id
    /// (<c>"KH/GOV/NSSF/HSPIS": "https://gateway/notify/nssf"</c>). A member without one keeps its messages queued.
    /// </summary>
    public IDictionary<string, Uri> Endpoints { get; } = new Dictionary<string, Uri>(StringComparer.Ordinal);

    /// <summary>How often the dispatcher looks for due messages. Default 5 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The wait after the first failure; doubled after each further failure. Default 10 s.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between attempts. Default 1 h.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a claimed message is reserved for one dispatcher (longer than one HTTP attempt). Default 2 min.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Timeout of one delivery attempt. Default 30 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether the background dispatcher runs (tests drive it by hand). Default true.</summary>
    public bool RunDispatcher { get; set; } = true;
}
