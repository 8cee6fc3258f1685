using Hl7.Fhir.Model;
using Interop.Registry.Api;
using Interop.Registry.Notifications;
using Interop.Signatures.AspNetCore;

namespace Interop.Registry.Hosting;

/// <summary>
/// The standalone registry in the signed exchange (<c>standards/signing.md</c>): requests under <c>/fhir</c> must be
/// signed by a trusted member allowed on the route (<c>registry:{operation}</c>), answers are signed with the registry's
/// key and bound to the request, and notifications to operators are signed too. Settings: sections <c>Signing</c> and
/// <c>Trust</c>; <c>Signing:Mode</c> is Required unless set Off.
/// </summary>
public static class RegistrySigning
{
    /// <summary>Registers the signed exchange with FHIR OperationOutcome refusals, and signs the notification client.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration root.</param>
    /// <param name="contentRoot">Where relative key and JWKS paths start.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddRegistrySigning(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddSignedExchange(configuration, contentRoot, options => options.WriteRefusal = WriteOutcomeAsync);
        services.AddHttpClient(OutboxDispatcher.HttpClientName).AddSignedExchangeHandler();
        return services;
    }

    /// <summary>A refusal as a FHIR OperationOutcome: issue code <c>security</c> (or <c>too-costly</c> for a body too large), the reason code and one line.</summary>
    private static System.Threading.Tasks.Task WriteOutcomeAsync(HttpContext http, InboundRefusal refusal) =>
        FhirResults.Outcome(
            refusal.Status,
            refusal.Status == StatusCodes.Status413PayloadTooLarge ? OperationOutcome.IssueType.TooCostly : OperationOutcome.IssueType.Security,
            refusal.ToString()).ExecuteAsync(http);
}
