using Interop.Signatures.Verification;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Interop.Signatures.Trust;

/// <summary>Registers the trust store with dependency injection.</summary>
public static class TrustStoreServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="TrustStoreOptions"/> to the section, validates it at start-up (the host fails to start
    /// on a malformed key), and registers <see cref="ReloadingTrustStore"/> as itself and as the
    /// <see cref="ISignatureKeyResolver"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="section">The <c>Trust</c> configuration section.</param>
    /// <param name="contentRoot">Where relative JWKS paths start; default the current directory.</param>
    public static IServiceCollection AddTrustStore(this IServiceCollection services, IConfiguration section, string? contentRoot = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<TrustStoreOptions>().Bind(section);

        // Start-up check on a named copy of the same section, validated once: the instance the reloading store
        // reads is never validated by the options system, so a bad edit later is logged and refused by
        // ReloadingTrustStore instead of throwing inside the configuration's change callback.
        services.AddOptions<TrustStoreOptions>(StartupCheckName).Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TrustStoreOptions>>(new StartupValidator(contentRoot));
        services.AddSingleton(sp => new ReloadingTrustStore(
            sp.GetRequiredService<IOptionsMonitor<TrustStoreOptions>>(),
            sp.GetService<ILogger<ReloadingTrustStore>>() ?? Microsoft.Extensions.Logging.Abstractions.NullLogger<ReloadingTrustStore>.Instance,
            contentRoot));
        services.AddSingleton<ISignatureKeyResolver>(sp => sp.GetRequiredService<ReloadingTrustStore>());
        return services;
    }

    private const string StartupCheckName = "Interop.Signatures.Trust.StartupCheck";

    private sealed class StartupValidator(string? contentRoot) : IValidateOptions<TrustStoreOptions>
    {
        private int _validated;

        public ValidateOptionsResult Validate(string? name, TrustStoreOptions options)
        {
            if (name != StartupCheckName || Interlocked.Exchange(ref _validated, 1) == 1)
            {
                return ValidateOptionsResult.Skip;
            }

            try
            {
                TrustStore.Load(options, contentRoot);
                return ValidateOptionsResult.Success;
            }
            catch (TrustStoreException e)
            {
                return ValidateOptionsResult.Fail(e.Message);
            }
        }
    }
}
