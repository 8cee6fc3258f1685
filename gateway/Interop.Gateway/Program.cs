using Interop.Gateway.Hosting;

var app = GatewayApplication.Create(WebApplication.CreateBuilder(args));
app.Run();

/// <summary>The gateway host; public so functional tests can start it with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
