using Interop.Gateway.Admin;
using Interop.Gateway.Transactions;
using Interop.Gateway.Upstreams;

namespace Interop.Gateway.Pipeline;

/// <summary>Registers the mediation pipeline: upstream clients, the transaction log, the admin API's options.</summary>
internal static class GatewayRegistration
{
    public static IServiceCollection AddGatewayPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddUpstreams(configuration);
        services.AddOptions<TransactionLogOptions>().Bind(configuration.GetSection(TransactionLogOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString), "TransactionLog:ConnectionString is required.")
            .ValidateOnStart();
        services.AddOptions<AdminOptions>().Configure(o => o.ApiKeys.AddRange(configuration.GetSection(AdminOptions.Section + ":ApiKeys").Get<string[]>() ?? []));
        services.AddSingleton<ITransactionStore, SqliteTransactionStore>();
        services.AddSingleton<GatewayErrors>();
        services.AddSingleton<LegacyPipeline>();
        return services;
    }
}
