using Interop.Contracts.Registration;
using Interop.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using WireMock.Server;

namespace Interop.Gateway.Tests.Pipeline;

/// <summary>
/// The gateway with the test adapter, its transaction log in a temporary SQLite file, and WireMock.Net standing in for
/// the registry and the PCA (systems outside the project).
/// </summary>
public sealed class GatewayFixture : IDisposable
{
    public const string AdminKey = "test-only-admin-key";
    public const string ScrapeKey = "test-only-scrape-key";
    public const string ClientId = "test-emr";
    public const string ClientSecret = "test-only-client-secret";
    public const string Username = "test.nurse";
    public const string Password = "test-only-password";

    private static readonly string ClientSecretHash = Interop.Gateway.Authentication.PasswordHasher.Hash(ClientSecret);
    private static readonly string PasswordHash = Interop.Gateway.Authentication.PasswordHasher.Hash(Password);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "interop-gateway-" + Guid.NewGuid().ToString("N"));

    public GatewayFixture(params (string Key, string Value)[] settings)
    {
        Directory.CreateDirectory(_folder);
        Registry = LoopbackPorts.Start(1, ports => WireMockServer.Start(ports[0]));
        Pca = LoopbackPorts.Start(1, ports => WireMockServer.Start(ports[0]));
        Nssf = LoopbackPorts.Start(1, ports => WireMockServer.Start(ports[0]));
        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Upstreams:Registry:Member", "KH/GOV/NSPC/REGISTRY");
            builder.UseSetting("Upstreams:Registry:BaseUrl", Registry.Url + "/fhir/");
            builder.UseSetting("Upstreams:Pca:Member", "KH/GOV/MOH/PCA");
            builder.UseSetting("Upstreams:Pca:BaseUrl", Pca.Url + "/fhir/");
            // Generous, so a slow CI machine never turns a deliberately delayed answer into a timeout; the timeout
            // tests set their own short one.
            builder.UseSetting("Upstreams:Pca:AttemptTimeout", "00:00:10");
            builder.UseSetting("Upstreams:Pca:IdentifierSystems:0", "https://fhir.nspc.gov.kh/sid/idpoor-equity-card");
            builder.UseSetting("Upstreams:Nssf:Member", "KH/GOV/NSSF/HSPIS");
            builder.UseSetting("Upstreams:Nssf:BaseUrl", Nssf.Url + "/fhir/");
            builder.UseSetting("Upstreams:Nssf:IdentifierSystems:0", "https://fhir.nspc.gov.kh/sid/nssf-member-number");
            builder.UseSetting("TransactionLog:ConnectionString", $"Data Source={Path.Combine(_folder, "log.db")}");
            builder.UseSetting("Admin:ApiKeys:0", AdminKey);
            builder.UseSetting("Metrics:ScrapeKeys:0", ScrapeKey);
            builder.UseSetting("Signing:Mode", "Off"); // WireMock upstreams do not sign; the signed exchange has its own tests
            builder.UseSetting("LegacyAuth:SigningKey", Convert.ToBase64String(new byte[32]));
            builder.UseSetting("LegacyAuth:Clients:0:ClientId", ClientId);
            builder.UseSetting("LegacyAuth:Clients:0:SecretHash", ClientSecretHash);
            builder.UseSetting("LegacyAuth:Users:0:Username", Username);
            builder.UseSetting("LegacyAuth:Users:0:PasswordHash", PasswordHash);
            builder.UseSetting("LegacyAuth:Users:0:Facilities:0", "120101");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureTestServices(services =>
            {
                services.AddInterop().AddAdapter<ClinicVisitAdapter>();
                services.AddSingleton<Serilog.Core.ILogEventSink>(Logs); // beside the console, through the gateway's own Serilog set-up
            });
        });
    }

    public WireMockServer Registry { get; }

    /// <summary>Every log event the gateway wrote, rendered whole: to check what it says and what it never says.</summary>
    public LogEvents Logs { get; } = new();

    public WireMockServer Pca { get; }

    public WireMockServer Nssf { get; }

    public WebApplicationFactory<Program> Factory { get; }

    public string LogFile => Path.Combine(_folder, "log.db");

    public void Dispose()
    {
        Factory.Dispose();
        Registry.Stop();
        Pca.Stop();
        Nssf.Stop();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>Keeps a gateway's Serilog events, each rendered with its properties and exception, as a sink would write them.</summary>
public sealed class LogEvents : Serilog.Core.ILogEventSink
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<Serilog.Events.LogEvent> _events = new();

    public IReadOnlyList<Serilog.Events.LogEvent> Events => [.. _events];

    /// <summary>Each event as text: its message, every property (scalars included) and its exception, if any.</summary>
    public IReadOnlyList<string> Lines => [.. _events.Select(e =>
        string.Join(' ', [e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture), .. e.Properties.Select(p => $"{p.Key}={p.Value}"), e.Exception?.ToString() ?? ""]))];

    public void Emit(Serilog.Events.LogEvent logEvent) => _events.Enqueue(logEvent);

    /// <summary>The events of a <c>LoggerMessage</c> event name (their <c>EventId</c>'s name).</summary>
    public IEnumerable<Serilog.Events.LogEvent> Named(string eventName) =>
        _events.Where(e => e.Properties.TryGetValue("EventId", out var id) && id is Serilog.Events.StructureValue s
            && s.Properties.Any(p => p.Name == "Name" && p.Value is Serilog.Events.ScalarValue { Value: string name } && name == eventName));

    /// <summary>Waits until the gateway has logged an event of that name (a step it took), or fails after <paramref name="timeout"/>.</summary>
    public async Task WaitForAsync(string eventName, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!Named(eventName).Any())
        {
            Assert.True(DateTime.UtcNow < until, $"The gateway did not log {eventName} within {timeout.TotalSeconds} s.");
            await Task.Delay(20);
        }
    }
}
