using Interop.Contracts.Mapping;

namespace Interop.Contracts.Adapters;

/// <summary>
/// A pluggable adapter: it speaks one legacy interface and maps it to the shared FHIR standards and back.
/// Implementations are registered explicitly (<c>services.AddInterop().AddXxxAdapter()</c>) and are singletons:
/// keep them stateless and thread-safe.
/// </summary>
/// <remarks>
/// The rule every method keeps: bad input never throws. A body that is not well formed, a wrong type,
/// a huge or deeply nested document all come back as <see cref="FieldError"/>s. An exception out of an adapter
/// is a bug, and the gateway answers it as an internal error.
/// </remarks>
public interface ILegacyAdapter
{
    /// <summary>Who the adapter is and which routes it serves.</summary>
    AdapterManifest Manifest { get; }

    /// <summary>Maps a legacy request to the FHIR interactions its flow needs, or to field errors.</summary>
    /// <param name="request">The legacy request, on one of the manifest's routes.</param>
    /// <param name="cancellationToken">Cancelled when the caller goes away.</param>
    /// <returns>The mapping, with every error found (not only the first).</returns>
    ValueTask<InboundMapping> MapRequestAsync(LegacyRequest request, CancellationToken cancellationToken);

    /// <summary>Builds the legacy answer from what the upstreams answered.</summary>
    /// <param name="exchange">The request, its mapping and each item's outcome.</param>
    /// <returns>The answer exactly in the legacy shape.</returns>
    LegacyResponse MapResponse(FhirExchange exchange);

    /// <summary>Renders a refusal in the legacy format (PMRS error envelope, H-SPIS <c>Fault</c>, ...).</summary>
    /// <param name="request">The request being refused; its body may be unreadable.</param>
    /// <param name="error">What is refused and why.</param>
    /// <returns>The legacy error answer.</returns>
    LegacyResponse RenderError(LegacyRequest request, GatewayError error);
}
