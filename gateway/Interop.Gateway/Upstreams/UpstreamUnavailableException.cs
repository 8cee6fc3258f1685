namespace Interop.Gateway.Upstreams;

/// <summary>An upstream could not be reached, timed out, answered 5xx or an unreadable answer: the caller is told to retry later.</summary>
public sealed class UpstreamUnavailableException : Exception
{
    public UpstreamUnavailableException()
    {
    }

    public UpstreamUnavailableException(string message)
        : base(message)
    {
    }

    public UpstreamUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The gateway-error code to answer with (<c>upstream-unavailable</c>, <c>upstream-timeout</c>, <c>upstream-invalid-answer</c>).</summary>
    public string Code { get; init; } = "upstream-unavailable";

    /// <summary>The member that failed.</summary>
    public string? Member { get; init; }
}
