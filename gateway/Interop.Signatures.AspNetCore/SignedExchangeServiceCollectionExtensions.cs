using Interop.Signatures.Trust;
using Interop.Signatures.Verification;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Interop.Signatures.AspNetCore;

/// <summary>Registers the signed exchange of a member's service: <c>services.AddSignedExchange(configuration, contentRoot)</c>, then <c>app.UseSignedExchange()</c>.</summary>
public static class SignedExchangeServiceCollectionExtensions
{
    /// <summary>The start-up error when signing is required and no key is configured.</summary>
    internal const string KeyRequired =
        "Signing:Key is required when Signing:Mode is Required: set Signing:Key:KeyId and one of Signing:Key:KeyFile or " +
        "Signing:Key:KeyEnvironmentVariable (standards/signing.md, \"Private keys\"). Signing:Mode Off is for tests and local trials only.";

    /// <summary>
    /// Binds <see cref="SignedExchangeOptions"/> to section <c>Signing</c> and the trust store to section <c>Trust</c>,
    /// checks both at start-up (a missing key, member or path, or a malformed trust store stops the host with the
    /// setting's name), loads this service's private key, and keeps seen nonces in memory.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration root (sections <c>Signing</c> and <c>Trust</c>).</param>
    /// <param name="contentRoot">Where relative key and JWKS paths start: the host's content root.</param>
    /// <param name="configure">Code-only settings (the refusal writer) and changes to the configured values.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddSignedExchange(this IServiceCollection services, IConfiguration configuration, string contentRoot, Action<SignedExchangeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentRoot);
        var options = services.AddOptions<SignedExchangeOptions>().Bind(configuration.GetSection(SignedExchangeOptions.Section));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options
            .Validate(o => o.Mode == SignedExchangeMode.Off || (!string.IsNullOrWhiteSpace(o.Key.KeyId) && (!string.IsNullOrWhiteSpace(o.Key.KeyFile) || !string.IsNullOrWhiteSpace(o.Key.KeyEnvironmentVariable))), KeyRequired)
            .Validate(o => o.Mode == SignedExchangeMode.Off || !string.IsNullOrWhiteSpace(o.Member), "Signing:Member must name the member this service signs as (KH/GOV/<member>/<subsystem>).")
            .Validate(o => o.Mode == SignedExchangeMode.Off || (o.Paths.Count > 0 && o.Paths.TrueForAll(p => p.StartsWith('/'))), "Signing:Paths must list the path prefixes to verify, each starting with '/' (e.g. /fhir).")
            .Validate(o => o.MaxRequestBytes > 0, "Signing:MaxRequestBytes must be above 0.")
            .ValidateOnStart();

        services.AddTrustStore(configuration.GetSection(TrustStoreOptions.SectionName), contentRoot);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<INonceStore>(sp => new InMemoryNonceStore(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp =>
        {
            var signing = sp.GetRequiredService<IOptions<SignedExchangeOptions>>().Value;
            return new SigningKeyHolder(signing.Mode == SignedExchangeMode.Off ? null : SigningKeyLoader.Load(signing.Key, contentRoot));
        });
        services.TryAddSingleton<InboundSignatureVerifier>();
        return services;
    }
}
