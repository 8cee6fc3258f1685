using Interop.Gateway.Admin;
using Interop.Gateway.Authentication;
using Interop.Gateway.Signing;
using Interop.Gateway.Transactions;
using Interop.Gateway.Upstreams;
using Microsoft.Extensions.Options;

namespace Interop.Gateway.Pipeline;

/// <summary>Registers the mediation pipeline: upstream clients, the transaction log, the admin API's options.</summary>
internal static class GatewayRegistration
{
    public static IServiceCollection AddGatewayPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddUpstreams(configuration);
        services.AddGatewaySigning(configuration);
        services.AddOptions<TransactionLogOptions>().Bind(configuration.GetSection(TransactionLogOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString), "TransactionLog:ConnectionString is required.")
            .Validate(o => o.Provider is "sqlite" or "postgres", "TransactionLog:Provider is sqlite or postgres.")
            .Validate(o => o.Bodies is TransactionLogOptions.NeededBodies or TransactionLogOptions.AllBodies, "TransactionLog:Bodies is needed or all.")
            .ValidateOnStart();
        services.AddOptions<AdminOptions>().Bind(configuration.GetSection(AdminOptions.Section));
        services.AddOptions<LegacyAuthOptions>().Bind(configuration.GetSection(LegacyAuthOptions.Section))
            .Validate(o => o.SigningKey.Length == 0 || IsKey(o.SigningKey), "LegacyAuth:SigningKey must be base64 of at least 32 bytes.")
            .ValidateOnStart();
        services.AddSingleton<TokenService>();
        services.AddSingleton<ITransactionStore>(sp => sp.GetRequiredService<IOptions<TransactionLogOptions>>().Value.Provider switch
        {
            "postgres" => new PostgresTransactionStore(sp.GetRequiredService<IOptions<TransactionLogOptions>>()),
            _ => new GroupCommitSqliteStore(sp.GetRequiredService<IOptions<TransactionLogOptions>>()), // group commit: one WAL sync for many records
        });
        services.AddSingleton<GatewayErrors>();
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section))
            .Validate(o => o.PermitsPerPeriod > 0 && o.Burst >= 0 && o.Period > TimeSpan.Zero, "RateLimits: PermitsPerPeriod and Period must be positive, Burst not negative.")
            .ValidateOnStart();
        services.AddSingleton<MemberRateLimiter>();
        services.AddSingleton<EligibilityFanOut>();
        services.AddSingleton<IdempotentRuns>();
        services.AddSingleton<LegacyPipeline>();
        return services;
    }

    private static bool IsKey(string base64)
    {
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var length) && length >= 32;
    }
}
