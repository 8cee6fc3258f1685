using Hl7.Fhir.Model;

namespace Interop.Standards.Policies;

/// <summary>
/// Applies the sharing policies of <c>standards/policies/</c>: deny by default, keep only what the policy for
/// (sender, receiver, interaction) allows, and say what was removed (element paths, never values).
/// </summary>
public interface ISharingPolicies
{
    /// <summary>Filters a resource for a receiver. The input is not changed.</summary>
    /// <param name="resource">The resource to send.</param>
    /// <param name="sender">The sending member id (<c>KH/GOV/NSSF/HSPIS</c>).</param>
    /// <param name="receiver">The receiving member id (<c>KH/GOV/NSPC/REGISTRY</c>).</param>
    /// <param name="interaction">The interaction (<c>register</c>, <c>claim-submit</c>, ...).</param>
    /// <returns>What may be sent, and what was removed.</returns>
    PolicyDecision Apply(Resource resource, string sender, string receiver, string interaction);
}

/// <summary>The result of applying a sharing policy.</summary>
/// <param name="PolicyId">The policy applied, or <see langword="null"/> when none covers the exchange (then nothing is shared).</param>
/// <param name="Resource">The filtered copy, or <see langword="null"/> when the resource may not be shared at all.</param>
/// <param name="RemovedPaths">
/// The elements removed, FHIRPath style (<c>Patient.maritalStatus</c>, <c>Patient.extension('https://...')</c>,
/// <c>Patient.address[0].line</c>); the whole resource type when it was refused.
/// </param>
public sealed record PolicyDecision(string? PolicyId, Resource? Resource, IReadOnlyList<string> RemovedPaths)
{
    /// <summary>Whether anything may be sent.</summary>
    public bool IsShared => Resource is not null;
}
