using Interop.Signatures.Http;
using Interop.Signatures.Trust;
using Interop.Signatures.Verification;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Interop.Signatures.AspNetCore;

/// <summary>Signs what a member's service sends (its notifications, its calls to other members).</summary>
public static class SignedExchangeHttpClientBuilderExtensions
{
    /// <summary>
    /// Signs every request of this client as <see cref="SignedExchangeOptions.Member"/> with the service's key and
    /// refuses an answer not signed by a key of the trust store and bound to the request
    /// (<see cref="SignatureVerificationException"/>). With <c>Signing:Mode</c> Off it does nothing.
    /// </summary>
    /// <param name="builder">The named client.</param>
    /// <returns>The same builder.</returns>
    public static IHttpClientBuilder AddSignedExchangeHandler(this IHttpClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddHttpMessageHandler(services =>
        {
            var options = services.GetRequiredService<IOptions<SignedExchangeOptions>>().Value;
            if (options.Mode == SignedExchangeMode.Off)
            {
                return new PassThroughHandler();
            }

            return new SigningHandler(new SigningHandlerOptions
            {
                Key = services.GetRequiredService<SigningKeyHolder>().Key!,
                MemberId = options.Member,
                Tag = options.Tag,
                ResponseKeys = services.GetRequiredService<ReloadingTrustStore>(),
                ResponseNonces = services.GetRequiredService<INonceStore>(),
                RequireSignedResponse = true,
                TimeProvider = services.GetRequiredService<TimeProvider>(),
            });
        });
    }

    private sealed class PassThroughHandler : DelegatingHandler;
}
