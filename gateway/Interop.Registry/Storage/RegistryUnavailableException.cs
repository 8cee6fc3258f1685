namespace Interop.Registry.Storage;

/// <summary>
/// The registry cannot take this write now (an initial load into it is running); nothing was written. Its message is
/// the registry's own, safe to show to the caller, who retries later.
/// </summary>
public sealed class RegistryUnavailableException : Exception
{
    public RegistryUnavailableException()
    {
    }

    public RegistryUnavailableException(string message)
        : base(message)
    {
    }

    public RegistryUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
