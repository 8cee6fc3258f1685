using Interop.Gateway.Signing;

namespace Interop.Gateway.Hosting;

/// <summary>One edge the sandbox starts beside the central gateway (configuration <c>Sandbox:Edges</c>).</summary>
internal sealed class SandboxEdgeOptions
{
    /// <summary>A short name, used for its log file.</summary>
    public string Name { get; set; } = "";

    /// <summary>Where the edge listens (the legacy system's side), e.g. <c>http://127.0.0.1:8081</c>.</summary>
    public string Urls { get; set; } = "";

    /// <summary>The member the edge signs for.</summary>
    public string Member { get; set; } = "";

    /// <summary>The member's private key (a sandbox test key).</summary>
    public Interop.Signatures.Trust.SigningKeyOptions Key { get; set; } = new();

    /// <summary>The central gateway. Default: the sandbox's own address.</summary>
    public Uri CentralUrl { get; set; } = new("http://127.0.0.1:8080/");

    /// <summary>The edge's transaction log. Default: <c>sandbox-edge-{Name}.db</c> in the working folder.</summary>
    public string? TransactionLog { get; set; }
}

/// <summary>
/// The sandbox's edges: the same gateway program in edge mode, started in this process beside the central gateway,
/// so the README story goes legacy system → edge (signs) → central gateway (verifies, maps, signs) → upstreams and back.
/// </summary>
internal sealed partial class SandboxEdges(IReadOnlyList<SandboxEdgeOptions> edges, IHostEnvironment environment, ILogger<SandboxEdges> logger) : IHostedService, IAsyncDisposable
{
    private readonly List<WebApplication> _running = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var edge in edges)
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions
            {
                ApplicationName = environment.ApplicationName,
                ContentRootPath = environment.ContentRootPath,
                EnvironmentName = environment.EnvironmentName,
            });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Urls"] = edge.Urls,
                ["Sandbox:Enabled"] = "false",
                [$"{SigningOptions.Section}:Mode"] = nameof(SigningMode.Edge),
                [$"{SigningOptions.Section}:Member"] = edge.Member,
                [$"{SigningOptions.Section}:Key:KeyId"] = edge.Key.KeyId,
                [$"{SigningOptions.Section}:Key:KeyFile"] = edge.Key.KeyFile,
                [$"{SigningOptions.Section}:CentralUrl"] = edge.CentralUrl.AbsoluteUri,
                ["TransactionLog:ConnectionString"] = edge.TransactionLog ?? $"Data Source=sandbox-edge-{edge.Name}.db",
            });
            var app = GatewayApplication.Create(builder);
            await app.StartAsync(cancellationToken);
            _running.Add(app);
            LogEdgeStarted(logger, edge.Name, edge.Member, edge.Urls, edge.CentralUrl.AbsoluteUri);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var app in _running)
        {
            await app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _running)
        {
            await app.DisposeAsync();
        }

        _running.Clear();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sandbox edge {Name} for {Member} listens on {Urls} and forwards to {Central}")]
    private static partial void LogEdgeStarted(ILogger logger, string name, string member, string urls, string central);
}

/// <summary>Registers the sandbox's edges when the sandbox is on and this process is the central gateway.</summary>
internal static class SandboxEdgeHosting
{
    public static IServiceCollection AddSandboxEdges(this IServiceCollection services, IConfiguration configuration)
    {
        var edges = configuration.GetSection("Sandbox:Edges").Get<List<SandboxEdgeOptions>>() ?? [];
        if (configuration.GetValue<bool>("Sandbox:Enabled") && configuration[$"{SigningOptions.Section}:Mode"] == nameof(SigningMode.Central) && edges.Count > 0)
        {
            services.AddHostedService(sp => new SandboxEdges(edges, sp.GetRequiredService<IHostEnvironment>(), sp.GetRequiredService<ILogger<SandboxEdges>>()));
        }

        return services;
    }
}
