using Microsoft.AspNetCore.Builder;

namespace Interop.Signatures.AspNetCore;

/// <summary>Adds the signed exchange to the request pipeline.</summary>
public static class SignedExchangeApplicationBuilderExtensions
{
    /// <summary>
    /// Verifies every request under <see cref="SignedExchangeOptions.Paths"/> and signs its answer. Place it after
    /// routing (a <c>WebApplication</c> routes first by itself), so the endpoint's route id is known.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The same application.</returns>
    public static IApplicationBuilder UseSignedExchange(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseMiddleware<SignedExchangeMiddleware>();
    }
}
