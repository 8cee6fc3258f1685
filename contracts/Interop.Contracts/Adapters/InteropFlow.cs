namespace Interop.Contracts.Adapters;

/// <summary>The flows of the design (<c>design.md</c>, "The flows"); the gateway orchestrates each one.</summary>
public enum InteropFlow
{
    /// <summary>Identify or register a person with the central registry; the answer carries the SPID.</summary>
    Register,

    /// <summary>Resolve a person through the registry, then ask every operator the person is linked to.</summary>
    Eligibility,

    /// <summary>Encounters and claims, routed to the operator that pays.</summary>
    Claim,

    /// <summary>The processing status of a claim already submitted.</summary>
    ClaimStatus,

    /// <summary>Reference data served from <c>standards/</c> (code lists); no upstream is called.</summary>
    ReferenceData,

    /// <summary>The legacy client's own log-in (for example PMRS's OAuth 2.0 token endpoint), handled by the gateway.</summary>
    Authentication,
}
