namespace Interop.Gateway.Admin;

/// <summary>Who may use the admin API.</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>
    /// The API keys accepted in the <c>X-Admin-Key</c> header. Empty: the admin API refuses everyone.
    /// Keys come from the environment or a secrets store in production; the sandbox's key is a marked test key.
    /// </summary>
    public List<string> ApiKeys { get; } = [];
}
