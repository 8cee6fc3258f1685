using Interop.Signatures.Keys;
using Interop.Signatures.Verification;

namespace Interop.Conformance.Deployment;

/// <summary>A running gateway and what a member needs to talk to it: its id, its (test) key, the gateway's public keys and a sample request.</summary>
public sealed record DeploymentTarget
{
    /// <summary>The gateway's base URL, e.g. <c>https://gateway.sandbox.nspc.gov.kh/</c>.</summary>
    public required Uri Gateway { get; init; }

    /// <summary>The member the requests are sent for (<c>X-Member-Id</c>), e.g. <c>KH/GOV/NSSF/HSPIS</c>.</summary>
    public required string MemberId { get; init; }

    /// <summary>The member's private signing key (a test key).</summary>
    public required SignatureKey Key { get; init; }

    /// <summary>The gateway's public keys (its JWKS), to verify its answers with.</summary>
    public required ISignatureKeyResolver GatewayKeys { get; init; }

    /// <summary>The sample request sent on the route under test.</summary>
    public required SampleRequest Sample { get; init; }

    /// <summary>The size of the oversized body; default 17 MiB, above every route limit of the repository's adapters.</summary>
    public long OversizeBytes { get; init; } = 17 * 1024 * 1024;

    /// <summary>How long one exchange may take. Default 60 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
}
