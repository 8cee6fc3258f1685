using Interop.Contracts.Registration;
using Interop.Registry.Api;
using Interop.Registry.Hosting;
using Interop.Registry.Quality;
using Interop.Signatures.AspNetCore;

if (args is ["quality", ..])
{
    return await QualityCommand.RunAsync(args[1..]);
}

if (args is ["scale", ..])
{
    return await ScaleCommand.RunAsync(args[1..]);
}

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddInterop().AddRegistry(options => builder.Configuration.GetSection("Registry").Bind(options));
builder.Services.AddRegistrySigning(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddHealthChecks();

var app = builder.Build();
app.UseSignedExchange();
app.UseRegistryErrors(); // inside the signed exchange: an error answer is signed like any other
app.MapHealthChecks("/healthz");
app.MapRegistryApi();
await app.RunAsync();
return 0;

/// <summary>The registry host; public so functional tests can start it with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
