using Interop.Conformance.Deployment;
using Interop.Conformance.Tests.Support;
using Interop.Signatures.Trust;
using Interop.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace Interop.Conformance.Tests.Deployment;

/// <summary>
/// The sandbox gateway (<c>appsettings.Sandbox.json</c>, central mode) on real loopback sockets, with its logs and registry
/// in a temporary folder, and what the H-SPIS member needs to call it: its test key, the gateway's JWKS and a sample request.
/// </summary>
public class SandboxGateway : IDisposable
{
    /// <summary>The H-SPIS member of the sandbox.</summary>
    public const string Member = "KH/GOV/NSSF/HSPIS";

    /// <summary>The H-SPIS member's sandbox key id.</summary>
    public const string KeyId = "sandbox-nssf-2026-01";

    private readonly TemporaryFolder _folder = new("deployment-gateway");
    private readonly WebApplicationFactory<Program> _factory;

    /// <summary>Starts the sandbox gateway in central mode.</summary>
    public SandboxGateway()
        : this([])
    {
    }

    /// <summary>Starts the sandbox gateway with settings over the sandbox's.</summary>
    /// <param name="settings">Settings that replace the sandbox's, e.g. <c>Signing:Mode=Off</c>.</param>
    protected SandboxGateway(IReadOnlyList<(string Key, string Value)> settings)
    {
        (_factory, Url) = LoopbackPorts.Start(3, ports => Launch(ports, settings));
    }

    /// <summary>The gateway's base URL.</summary>
    public string Url { get; }

    /// <summary>The sandbox's test keys: <c>gateway/Interop.Gateway/sandbox-keys</c>.</summary>
    public static string Keys { get; } = Path.Combine(Repository.Root, "gateway", "Interop.Gateway", "sandbox-keys");

    /// <summary>The H-SPIS member's private test key.</summary>
    public static string MemberKeyFile { get; } = Path.Combine(Keys, "nssf.TEST-KEY-NOT-FOR-PRODUCTION.jwk.json");

    /// <summary>The gateway's public JWKS.</summary>
    public static string GatewayJwks { get; } = Path.Combine(Keys, "gateway.jwks.json");

    /// <summary>The sandbox story's H-SPIS member registration.</summary>
    public static string SampleFile { get; } = Path.Combine(Repository.Root, "gateway", "sandbox-story", "hspis-member.xml");

    /// <summary>The deployment checks' target: this gateway, as the H-SPIS member.</summary>
    /// <returns>The target.</returns>
    public DeploymentTarget Target() => new()
    {
        Gateway = new Uri(Url),
        MemberId = Member,
        Key = SigningKeyLoader.Load(new SigningKeyOptions { KeyFile = MemberKeyFile, KeyId = KeyId }),
        GatewayKeys = TrustStore.Load(new TrustStoreOptions { Members = { ["KH/GOV/NSPC/GATEWAY"] = new TrustedMemberOptions { JwksFile = GatewayJwks } } }),
        Sample = SampleRequest.Load(SampleFile),
    };

    private (WebApplicationFactory<Program> Factory, string Url) Launch(int[] ports, IReadOnlyList<(string Key, string Value)> settings)
    {
        var url = $"http://127.0.0.1:{ports[0]}/";
        string[] edges = [$"http://127.0.0.1:{ports[1]}", $"http://127.0.0.1:{ports[2]}"];
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Sandbox");
            b.UseSetting("Urls", url.TrimEnd('/'));
            b.UseSetting("TransactionLog:ConnectionString", $"Data Source={_folder.Combine("central.db")}");
            b.UseSetting("Sandbox:RegistryDatabase", _folder.Combine("registry.db"));
            for (var i = 0; i < edges.Length; i++)
            {
                b.UseSetting($"Sandbox:Edges:{i}:Urls", edges[i]);
                b.UseSetting($"Sandbox:Edges:{i}:CentralUrl", url);
                b.UseSetting($"Sandbox:Edges:{i}:TransactionLog", $"Data Source={_folder.Combine($"edge-{i}.db")}");
            }

            foreach (var upstream in new[] { "Registry", "Nssf", "Pca" })
            {
                b.UseSetting($"Upstreams:{upstream}:BaseUrl", $"{url}sandbox/{upstream.ToLowerInvariant()}/fhir/");
            }

            foreach (var (key, value) in settings)
            {
                b.UseSetting(key, value);
            }
        });
        try
        {
            factory.UseKestrel(ports[0]);
            factory.StartServer();
            return (factory, url);
        }
        catch
        {
            factory.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Stops the gateway and deletes its folder.</summary>
    /// <param name="disposing">Whether called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _factory.Dispose();
            SqliteConnection.ClearAllPools();
            _folder.Dispose();
        }
    }
}

/// <summary>The sandbox gateway with <c>Signing:Mode=Off</c>: unsigned requests accepted, answers unsigned (a defective deployment).</summary>
public sealed class UnsignedGateway() : SandboxGateway([("Signing:Mode", "Off")]);
