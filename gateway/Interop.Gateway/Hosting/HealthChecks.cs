using Interop.Gateway.Transactions;
using Interop.Gateway.Upstreams;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Interop.Gateway.Hosting;

/// <summary>Ready when the transaction log answers; upstreams that do not answer their FHIR <c>metadata</c> make it degraded, not down (the gateway still records and answers "retry later").</summary>
internal sealed class TransactionLogHealthCheck(ITransactionStore log) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await log.ListAsync(new TransactionQuery { Limit = 1 }, cancellationToken);
            return HealthCheckResult.Healthy("The transaction log answers.");
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException or IOException)
        {
            return HealthCheckResult.Unhealthy("The transaction log does not answer.", ex);
        }
    }
}

internal sealed class UpstreamsHealthCheck(IHttpClientFactory clients, IOptions<UpstreamOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var down = new List<string>();
        foreach (var (alias, endpoint) in options.Value.Endpoints)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(2));
                using var response = await clients.CreateClient().GetAsync(new Uri(endpoint.BaseUrl!, "metadata"), timeout.Token);
                if ((int)response.StatusCode >= 500)
                {
                    down.Add(alias);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                down.Add(alias);
            }
        }

        return down.Count == 0
            ? HealthCheckResult.Healthy("Every upstream answers.")
            : HealthCheckResult.Degraded("Upstreams not answering: " + string.Join(", ", down));
    }
}
