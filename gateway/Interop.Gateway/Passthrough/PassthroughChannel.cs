using Interop.Gateway.Signing;
using Interop.Gateway.Upstreams;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Interop.Gateway.Passthrough;

/// <summary>
/// What YARP forwards a passthrough request through: one named HTTP client per upstream alias
/// (<c>passthrough:{alias}</c>), whose handlers are, outermost first, the upstream metrics, the resilience pipeline (a
/// timeout for the whole call, retries of <c>GET</c> and <c>HEAD</c> only, the alias's circuit breaker, a timeout per
/// attempt) and, in central mode, the gateway's signature on every attempt and the check of the upstream's answer (in
/// edge mode, the member's signature and the check of the central gateway's answer).
/// </summary>
internal sealed class PassthroughChannel(IHttpMessageHandlerFactory handlers)
{
    public static string ClientName(string alias) => "passthrough:" + alias;

    /// <summary>An invoker for one request; the handlers are pooled by the factory, and the breaker's state lives in the pipeline.</summary>
    public HttpMessageInvoker InvokerFor(string alias) => new(handlers.CreateHandler(ClientName(alias)), disposeHandler: false);

    /// <summary>Registers the named client of each alias configured under <c>Upstreams</c>.</summary>
    public static void AddClients(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<PassthroughChannel>();
        foreach (var alias in configuration.GetSection(UpstreamOptions.Section).GetChildren().Select(c => c.Key))
        {
            var client = services.AddHttpClient(ClientName(alias)).ConfigurePrimaryHttpMessageHandler(() => PassthroughInvoker.CreateHandler());
            client.AddResilienceHandler("passthrough", (pipeline, context) => Configure(
                pipeline,
                context.ServiceProvider.GetRequiredService<IOptions<UpstreamOptions>>().Value.Endpoints[alias],
                context.ServiceProvider.GetRequiredService<IOptions<PassthroughOptions>>().Value));
            client.AddHttpMessageHandler(SigningRegistration.PassthroughHandler); // inside the retries: each attempt is signed afresh
        }
    }

    private static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, UpstreamEndpoint endpoint, PassthroughOptions options)
    {
        pipeline.AddTimeout(options.RequestTimeout);
        if (endpoint.MaxRetries > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = endpoint.MaxRetries,
                Delay = TimeSpan.FromMilliseconds(200),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(IsIdempotent(args.Context) && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
            });
        }

        pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            FailureRatio = options.BreakerFailureRatio,
            MinimumThroughput = options.BreakerMinimumThroughput,
            SamplingDuration = options.BreakerSamplingDuration,
            BreakDuration = options.BreakDuration,
        });
        pipeline.AddTimeout(endpoint.AttemptTimeout);
    }

    // Only what cannot change the upstream's state is sent twice: a POST (a claim, a registration) that reached the
    // upstream before the failure would be submitted again; the caller decides, and a failed one can be re-run.
    private static bool IsIdempotent(ResilienceContext context) =>
        context.GetRequestMessage()?.Method is { } method && (method == HttpMethod.Get || method == HttpMethod.Head);
}
