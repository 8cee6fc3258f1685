using Interop.Adapters.Hspis;
using Interop.Adapters.Pmrs.Registration;
using Interop.Contracts.Registration;
using Interop.Gateway.Admin;
using Interop.Gateway.Fhir;
using Interop.Gateway.Hosting;
using Interop.Gateway.Passthrough;
using Interop.Gateway.Pipeline;
using Interop.Sandbox;
using Interop.Standards.Registration;

var builder = WebApplication.CreateBuilder(args);
builder.AddGatewayDefaults();
builder.AddGatewayMetrics();

builder.Services.AddInterop()
    .AddStandards(options =>
    {
        // Empty settings keep the defaults: the standards shipped with the gateway.
        var section = builder.Configuration.GetSection("Standards");
        options.Root = section["Root"] is { Length: > 0 } root ? root : options.Root;
        options.TariffFile = section["TariffFile"] is { Length: > 0 } tariff ? tariff : options.TariffFile;
    })
    .AddPmrsAdapter()
    .AddHspisAdapter();
builder.Services.AddGatewayPipeline(builder.Configuration);
builder.Services.AddFhirPassthrough(builder.Configuration);
builder.Services.AddSandboxOperators(builder.Configuration);
builder.Services.AddSandboxRegistry(builder.Configuration);

var app = builder.Build();
app.UseGatewayDefaults();
app.UseGatewayMetrics();
app.MapHealthEndpoints();
app.MapFhirStandardsApi();
app.MapAdminApi();
app.MapLegacyRoutes();
app.MapFhirPassthrough();
app.MapSandboxWhenEnabled();
app.MapSandboxRegistry();
app.Run();

/// <summary>The gateway host; public so functional tests can start it with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
