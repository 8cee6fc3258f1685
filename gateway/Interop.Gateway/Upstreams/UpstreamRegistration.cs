using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Interop.Gateway.Upstreams;

/// <summary>Registers one named HttpClient per configured upstream, each with timeouts, retries (idempotent calls only) and a circuit breaker.</summary>
internal static class UpstreamRegistration
{
    public static IServiceCollection AddUpstreams(this IServiceCollection services, IConfiguration configuration)
    {
        // Read once: the options and the named clients (built here, at registration) see the same endpoints.
        var endpoints = configuration.GetSection(UpstreamOptions.Section).GetChildren().ToDictionary(
            child => child.Key,
            child =>
            {
                var endpoint = new UpstreamEndpoint();
                child.Bind(endpoint);
                return endpoint;
            });
        services.AddOptions<UpstreamOptions>()
            .Configure(options =>
            {
                foreach (var (alias, endpoint) in endpoints)
                {
                    options.Endpoints[alias] = endpoint;
                }
            })
            .Validate(o => o.Endpoints.Values.All(e => e.BaseUrl is { IsAbsoluteUri: true } && e.BaseUrl.AbsoluteUri.EndsWith('/')), "Every Upstreams:<alias>:BaseUrl must be an absolute URL ending with '/'.")
            .Validate(o => o.Endpoints.Values.All(e => Contracts.Adapters.MemberId.TryParse(e.Member, out _)), "Every Upstreams:<alias>:Member must be a member id such as KH/GOV/NSSF/HSPIS.")
            .ValidateOnStart();

        foreach (var (alias, endpoint) in endpoints)
        {
            var client = services.AddHttpClient(FhirUpstreamClient.ClientName(alias));
            client.AddResilienceHandler("upstream", pipeline =>
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = Math.Max(endpoint.MaxRetries, 1), // Polly needs at least 1; ShouldHandle turns retries off at 0
                    Delay = TimeSpan.FromMilliseconds(200),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldHandle = args => ValueTask.FromResult(endpoint.MaxRetries > 0 && IsIdempotent(args.Context) && IsTransient(args.Outcome)),
                });
                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = 0.5,
                    MinimumThroughput = 10,
                    SamplingDuration = TimeSpan.FromSeconds(30),
                    BreakDuration = TimeSpan.FromSeconds(15),
                });
                pipeline.AddTimeout(endpoint.AttemptTimeout);
            });
            client.AddHttpMessageHandler(Signing.SigningRegistration.UpstreamHandler); // inside the retries: every attempt is signed afresh
        }

        services.AddHttpClient();
        services.AddSingleton<FhirUpstreamClient>();
        return services;
    }

    // POST is not retried: a claim submission that reached the operator must not be submitted twice by the gateway.
    private static bool IsIdempotent(ResilienceContext context) =>
        context.GetRequestMessage()?.Method is { } method && (method == HttpMethod.Get || method == HttpMethod.Put);

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is HttpRequestException or Polly.Timeout.TimeoutRejectedException
        || (outcome.Result is { } response && ((int)response.StatusCode >= 500 || (int)response.StatusCode == 408));
}
