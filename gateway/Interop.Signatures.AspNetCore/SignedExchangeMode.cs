namespace Interop.Signatures.AspNetCore;

/// <summary>Whether a member's service takes part in the signed exchange (<c>Signing:Mode</c>).</summary>
public enum SignedExchangeMode
{
    /// <summary>
    /// Every request under <see cref="SignedExchangeOptions.Paths"/> must be signed by a trusted member allowed on the
    /// route; every answer and every outgoing call is signed. The default, and the only mode for production.
    /// </summary>
    Required,

    /// <summary>Nothing is verified or signed: for tests of unrelated behaviour and local trials only.</summary>
    Off,
}
