namespace Interop.Gateway.Authentication;

/// <summary>
/// The legacy clients' own log-in at the gateway (PMRS: OAuth 2.0 password grant and refresh). Clients and users come
/// from configuration with salted password hashes (<see cref="PasswordHasher"/>); the signing key from the environment
/// or a secrets store, never from the repository (the sandbox's is a marked test key).
/// </summary>
public sealed class LegacyAuthOptions
{
    public const string Section = "LegacyAuth";

    /// <summary>The HMAC-SHA256 key that signs access tokens, base64, at least 32 bytes.</summary>
    public string SigningKey { get; set; } = "";

    /// <summary>How long an access token lives. Default 2 days (172800 s, as PMRS2 publishes).</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How long a refresh token lives. Default 30 days; each use replaces it.</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The request header naming the facility a data call is made for. Default <c>X-Facility-Code</c>.</summary>
    public string FacilityHeader { get; set; } = "X-Facility-Code";

    public List<LegacyClient> Clients { get; } = [];

    public List<LegacyUser> Users { get; } = [];
}

/// <summary>An OAuth client (a facility EMR product).</summary>
public sealed class LegacyClient
{
    public string ClientId { get; set; } = "";

    /// <summary>The client secret's salted hash (<c>pbkdf2-sha256$iterations$salt$hash</c>).</summary>
    public string SecretHash { get; set; } = "";
}

/// <summary>A user of a legacy client, and the facilities the user may act for.</summary>
public sealed class LegacyUser
{
    public string Username { get; set; } = "";

    /// <summary>The password's salted hash (<c>pbkdf2-sha256$iterations$salt$hash</c>).</summary>
    public string PasswordHash { get; set; } = "";

    public List<string> Facilities { get; } = [];
}
