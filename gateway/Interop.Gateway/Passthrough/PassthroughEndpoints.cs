using Interop.Gateway.Upstreams;
using Microsoft.Extensions.Options;

namespace Interop.Gateway.Passthrough;

/// <summary>Registers and maps the FHIR passthrough: <c>/fhir/{alias}/{**path}</c> for each configured upstream, 404 for any other alias.</summary>
internal static class PassthroughEndpoints
{
    public static IServiceCollection AddFhirPassthrough(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PassthroughOptions>().Bind(configuration.GetSection(PassthroughOptions.Section))
            .Validate(o => o.MaxRequestBytes > 0, "Passthrough:MaxRequestBytes must be positive.")
            .Validate(o => o.RequestTimeout > TimeSpan.FromMilliseconds(10), "Passthrough:RequestTimeout must be more than 10 ms.")
            .Validate(o => o.BreakerFailureRatio is > 0 and <= 1, "Passthrough:BreakerFailureRatio must be more than 0 and at most 1.")
            .Validate(o => o.BreakerMinimumThroughput >= 2, "Passthrough:BreakerMinimumThroughput must be 2 or more.")
            .Validate(o => o.BreakerSamplingDuration >= TimeSpan.FromMilliseconds(500) && o.BreakDuration >= TimeSpan.FromMilliseconds(500), "Passthrough:BreakerSamplingDuration and BreakDuration must be 0.5 s or more.")
            .ValidateOnStart();
        services.AddHttpForwarder();
        PassthroughChannel.AddClients(services, configuration);
        services.AddSingleton<IPassthroughSender, MemberHeaderSender>();
        services.AddSingleton<FhirPassthrough>();
        return services;
    }

    public static WebApplication MapFhirPassthrough(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<PassthroughOptions>>().Value.Enabled)
        {
            return app;
        }

        // A literal alias outranks the standards API's /fhir/{type}/{id}; the catch-all below only answers unknown aliases.
        foreach (var alias in app.Services.GetRequiredService<IOptions<UpstreamOptions>>().Value.Endpoints.Keys)
        {
            app.Map(FhirPassthrough.RouteOf(alias), (HttpContext http, FhirPassthrough passthrough) => passthrough.HandleAsync(http, alias))
                .WithName("fhir-passthrough:" + alias);
        }

        app.Map(FhirPassthrough.UnknownAliasRoute, (HttpContext http, string alias, FhirPassthrough passthrough) => passthrough.HandleAsync(http, alias))
            .WithName("fhir-passthrough:unknown");
        return app;
    }
}
