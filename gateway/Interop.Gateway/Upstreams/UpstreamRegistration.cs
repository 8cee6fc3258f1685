using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Interop.Gateway.Upstreams;

/// <summary>Registers one named HttpClient per configured upstream, each with timeouts, retries (idempotent calls only) and a circuit breaker.</summary>
internal static class UpstreamRegistration
{
    public static IServiceCollection AddUpstreams(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(UpstreamOptions.Section);
        services.AddOptions<UpstreamOptions>()
            .Configure(options =>
            {
                foreach (var child in section.GetChildren())
                {
                    var endpoint = new UpstreamEndpoint();
                    child.Bind(endpoint);
                    options.Endpoints[child.Key] = endpoint;
                }
            })
            .Validate(o => o.Endpoints.Values.All(e => e.BaseUrl is { IsAbsoluteUri: true } && e.BaseUrl.AbsoluteUri.EndsWith('/')), "Every Upstreams:<alias>:BaseUrl must be an absolute URL ending with '/'.")
            .Validate(o => o.Endpoints.Values.All(e => Contracts.Adapters.MemberId.TryParse(e.Member, out _)), "Every Upstreams:<alias>:Member must be a member id such as KH/GOV/NSSF/HSPIS.")
            .ValidateOnStart();

        foreach (var child in section.GetChildren())
        {
            var endpoint = new UpstreamEndpoint();
            child.Bind(endpoint);
            services.AddHttpClient(FhirUpstreamClient.ClientName(child.Key))
                .AddResilienceHandler("upstream", pipeline =>
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = Math.Max(endpoint.MaxRetries, 0) is 0 ? 1 : endpoint.MaxRetries,
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
