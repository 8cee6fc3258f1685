namespace Interop.Signatures.AspNetCore;

/// <summary>
/// Names an endpoint's route id for the trust store's route list (<c>Routes</c>), e.g. <c>registry:register</c>.
/// Add it with <see cref="SignedRouteEndpointConventionBuilderExtensions.WithSignedRoute{TBuilder}"/>. A signed request
/// to an endpoint under a signed path without a route id is refused (<c>not-allowed</c>): nothing is open by omission.
/// </summary>
/// <param name="RouteId">The route id, <c>&lt;service&gt;:&lt;operation&gt;</c>.</param>
public sealed record SignedRouteMetadata(string RouteId);
