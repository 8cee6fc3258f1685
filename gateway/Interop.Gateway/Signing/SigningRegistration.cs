using Interop.Signatures.Http;
using Interop.Signatures.Trust;
using Interop.Signatures.Verification;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Interop.Gateway.Signing;

/// <summary>
/// Registers the signed exchange: the mode and this process's key (<c>Signing</c>), the trust store (<c>Trust</c>),
/// the replay cache, the inbound verifier and answer signer, and the edge's channel to the central gateway.
/// </summary>
internal static class SigningRegistration
{
    public static IServiceCollection AddGatewaySigning(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SigningOptions>().Bind(configuration.GetSection(SigningOptions.Section))
            .Validate(o => o.Mode == SigningMode.Off || o.Key.KeyFile is { Length: > 0 } || o.Key.KeyEnvironmentVariable is { Length: > 0 }, "Signing:Key:KeyFile or Signing:Key:KeyEnvironmentVariable is required when Signing:Mode is Central or Edge.")
            .Validate(o => o.Mode != SigningMode.Edge || o.CentralUrl is { IsAbsoluteUri: true }, "Signing:CentralUrl (absolute) is required in edge mode.")
            .Validate(o => Contracts.Adapters.MemberId.TryParse(o.Member, out _), "Signing:Member must be a member id such as KH/GOV/NSPC/GATEWAY.")
            .Validate(o => o.NonceStore is "memory" or "postgres", "Signing:NonceStore is memory or postgres.")
            .ValidateOnStart();
        services.AddTrustStore(configuration.GetSection("Trust"), configuration[WebHostDefaults.ContentRootKey]);
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SigningOptions>>().Value;
            var root = sp.GetRequiredService<IHostEnvironment>().ContentRootPath;
            return new SigningKeyHolder(options.Mode == SigningMode.Off ? null : SigningKeyLoader.Load(options.Key, root));
        });
        services.AddSingleton<INonceStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SigningOptions>>().Value;
            var clock = sp.GetRequiredService<TimeProvider>();
            return options.NonceStore == "postgres"
                ? new PostgresNonceStore(options.NonceStoreConnectionString ?? sp.GetRequiredService<IOptions<Transactions.TransactionLogOptions>>().Value.ConnectionString, clock)
                : new InMemoryNonceStore(clock);
        });
        services.AddSingleton<MessageSignatures>();
        services.AddHttpForwarder();
        services.AddSingleton(sp => new EdgeChannel(sp.GetRequiredService<IOptions<SigningOptions>>(), sp.GetRequiredService<IHttpForwarder>(), () => EdgeHandler(sp)));
        return services;
    }

    /// <summary>
    /// The handler every upstream client sends through: in central mode it signs as the gateway, names the member the
    /// gateway acts for in <c>X-Member-Id</c>, and refuses an upstream answer that is not signed by a trusted key.
    /// With signing off it does nothing.
    /// </summary>
    public static DelegatingHandler UpstreamHandler(IServiceProvider services) => UpstreamHandler(services, requireSignedResponse: true);

    /// <summary>
    /// As <see cref="UpstreamHandler(IServiceProvider)"/>; with <paramref name="requireSignedResponse"/> false an answer that
    /// does not verify is returned with its verdict in the evidence, for a caller that judges it itself (the FHIR
    /// passthrough treats an unsigned 5xx as the upstream being down, not as a forged answer).
    /// </summary>
    public static DelegatingHandler UpstreamHandler(IServiceProvider services, bool requireSignedResponse)
    {
        var options = services.GetRequiredService<IOptions<SigningOptions>>().Value;
        if (options.Mode != SigningMode.Central)
        {
            return new PassThroughHandler();
        }

        // X-Member-Id keeps naming the member whose request the gateway verified.
        return SignAs(services, options, actsForRequestMember: true, requireSignedResponse);
    }

    /// <summary>
    /// The handler the FHIR passthrough sends through: in central mode as <see cref="UpstreamHandler(IServiceProvider, bool)"/>
    /// (an answer that does not verify is judged by the passthrough); in edge mode it signs as the member the edge serves
    /// (the passthrough goes to the central gateway) and leaves the verdict of the central gateway's answer in the evidence.
    /// </summary>
    public static DelegatingHandler PassthroughHandler(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<SigningOptions>>().Value;
        if (options.Mode != SigningMode.Edge)
        {
            return UpstreamHandler(services, requireSignedResponse: false);
        }

        return SignAs(services, options, actsForRequestMember: false, requireSignedResponse: false);
    }

    /// <summary>
    /// An edge's channel to the central gateway: signs every request as the member the edge serves, and refuses an answer
    /// the central gateway did not sign (the legacy routes; the passthrough uses <see cref="PassthroughHandler"/>).
    /// </summary>
    private static SigningHandler EdgeHandler(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<SigningOptions>>().Value;
        return SignAs(services, options, actsForRequestMember: false, requireSignedResponse: true);
    }

    /// <summary>Signs with this process's key as <see cref="SigningOptions.Member"/>, checking answers against the trust store.</summary>
    private static SigningHandler SignAs(IServiceProvider services, SigningOptions options, bool actsForRequestMember, bool requireSignedResponse) => new(new SigningHandlerOptions
    {
        Key = services.GetRequiredService<SigningKeyHolder>().Key ?? throw new InvalidOperationException($"Signing:Key is required in {options.Mode} mode."),
        MemberId = options.Member,
        ActsForRequestMember = actsForRequestMember,
        Tag = options.Tag,
        ResponseKeys = services.GetRequiredService<ReloadingTrustStore>(),
        ResponseNonces = services.GetRequiredService<INonceStore>(),
        RequireSignedResponse = requireSignedResponse,
    });

    private sealed class PassThroughHandler : DelegatingHandler;
}
