using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Interop.Gateway.Authentication;
using Interop.Testing;

namespace Interop.Gateway.Benchmarks;

/// <summary>
/// The whole gateway, its real <c>Program</c>, on Kestrel at a free loopback port: upstreams at the stub, the
/// transaction log in SQLite in a temporary folder, test-only PMRS credentials, and a rate limit high enough that
/// one facility's load is not refused.
/// </summary>
internal sealed class GatewayHost : IDisposable
{
    public const string ClientId = "bench-emr";
    public const string ClientSecret = "bench-only-client-secret";
    public const string Username = "bench.nurse";
    public const string Password = "bench-only-password";
    public const string Facility = "120101";
    public const string EdgeMember = "KH/GOV/MOH/PMRS-120101";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "interop-gateway-bench-" + Guid.NewGuid().ToString("N"));
    private readonly WebApplicationFactory<Program> _factory;

    /// <param name="stub">The stub upstream's base address.</param>
    /// <param name="contentRoot">The gateway project's folder (its <c>appsettings.json</c>).</param>
    /// <param name="signed">
    /// Central signing mode with the sandbox test keys: requests must come signed by the PMRS 120101 edge, upstream
    /// answers must be signed by their members; off: no signatures at all.
    /// </param>
    public GatewayHost(Uri stub, string contentRoot, bool signed)
    {
        Directory.CreateDirectory(_folder);
        var settings = new Dictionary<string, string>
        {
            ["Upstreams:Registry:Member"] = "KH/GOV/NSPC/REGISTRY",
            ["Upstreams:Registry:BaseUrl"] = new Uri(stub, "registry/fhir/").AbsoluteUri,
            ["Upstreams:Pca:Member"] = "KH/GOV/MOH/PCA",
            ["Upstreams:Pca:BaseUrl"] = new Uri(stub, "pca/fhir/").AbsoluteUri,
            ["Upstreams:Pca:IdentifierSystems:0"] = "https://fhir.nspc.gov.kh/sid/idpoor-equity-card",
            ["Upstreams:Nssf:Member"] = "KH/GOV/NSSF/HSPIS",
            ["Upstreams:Nssf:BaseUrl"] = new Uri(stub, "nssf/fhir/").AbsoluteUri,
            ["Upstreams:Nssf:IdentifierSystems:0"] = "https://fhir.nspc.gov.kh/sid/nssf-member-number",
            ["TransactionLog:ConnectionString"] = $"Data Source={Path.Combine(_folder, "log.db")}",
            ["LegacyAuth:SigningKey"] = Convert.ToBase64String(new byte[32]),
            ["LegacyAuth:Clients:0:ClientId"] = ClientId,
            ["LegacyAuth:Clients:0:SecretHash"] = PasswordHasher.Hash(ClientSecret),
            ["LegacyAuth:Users:0:Username"] = Username,
            ["LegacyAuth:Users:0:PasswordHash"] = PasswordHasher.Hash(Password),
            ["LegacyAuth:Users:0:Facilities:0"] = Facility,
            ["RateLimits:PermitsPerPeriod"] = "10000000",
            ["RateLimits:Burst"] = "10000000",
            // One line per transaction on the console would measure the console: warnings only.
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["Signing:Mode"] = signed ? "Central" : "Off",
            ["Metrics:AllowAnonymous"] = "true", // the run reads the stage histograms at the end
        };
        if (signed)
        {
            settings["Signing:Key:KeyId"] = "sandbox-gateway-2026-01";
            settings["Signing:Key:KeyFile"] = "sandbox-keys/gateway.TEST-KEY-NOT-FOR-PRODUCTION.jwk.json";
            foreach (var (member, file, route) in new[] { (EdgeMember, "pmrs-120101", "pmrs:*"), ("KH/GOV/NSPC/REGISTRY", "registry", ""), ("KH/GOV/MOH/PCA", "pca", ""), ("KH/GOV/NSSF/HSPIS", "nssf", "") })
            {
                settings[$"Trust:Members:{member}:JwksFile"] = $"sandbox-keys/{file}.jwks.json";
                if (route.Length > 0)
                {
                    settings[$"Trust:Members:{member}:Routes:0"] = route;
                }
            }
        }

        (_factory, BaseAddress) = LoopbackPorts.Start(1, ports =>
        {
            var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
            {
                builder.UseEnvironment("Production");
                builder.UseContentRoot(contentRoot);
                foreach (var (key, value) in settings)
                {
                    builder.UseSetting(key, value);
                }
            });
            try
            {
                factory.UseKestrel(o => o.Listen(IPAddress.Loopback, ports[0]));
                factory.StartServer();
                return (factory, new Uri($"http://127.0.0.1:{ports[0]}/"));
            }
            catch
            {
                factory.Dispose();
                throw;
            }
        });
    }

    public Uri BaseAddress { get; }

    public void Dispose()
    {
        _factory.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
