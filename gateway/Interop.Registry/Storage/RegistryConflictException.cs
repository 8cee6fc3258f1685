namespace Interop.Registry.Storage;

/// <summary>
/// A unique key refused a write: a SPID drawn twice, or an identifier registered by a concurrent request.
/// The caller retries (a fresh SPID, or a fresh match); nothing was written.
/// </summary>
public sealed class RegistryConflictException : Exception
{
    public RegistryConflictException()
    {
    }

    public RegistryConflictException(string message)
        : base(message)
    {
    }

    public RegistryConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Whether the SPID was taken (else an identifier was).</summary>
    public bool SpidTaken { get; init; }
}
