using Microsoft.AspNetCore.Builder;

namespace Interop.Signatures.AspNetCore;

/// <summary>Gives endpoints the route id the trust store's route list is checked against.</summary>
public static class SignedRouteEndpointConventionBuilderExtensions
{
    /// <summary>Names the endpoint's route id, e.g. <c>app.MapPost("/fhir/Patient/$match", ...).WithSignedRoute("registry:match")</c>.</summary>
    /// <param name="builder">The endpoint.</param>
    /// <param name="routeId">The route id, <c>&lt;service&gt;:&lt;operation&gt;</c>.</param>
    /// <returns>The same builder.</returns>
    public static TBuilder WithSignedRoute<TBuilder>(this TBuilder builder, string routeId)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(routeId);
        return builder.WithMetadata(new SignedRouteMetadata(routeId));
    }
}
