namespace Interop.Contracts.Adapters;

/// <summary>How a legacy client proves who it is to the gateway at its edge.</summary>
public enum LegacyAuthentication
{
    /// <summary>No client authentication on this route.</summary>
    None,

    /// <summary>An OAuth 2.0 bearer token issued by the gateway's token endpoint (password grant).</summary>
    BearerToken,
}
