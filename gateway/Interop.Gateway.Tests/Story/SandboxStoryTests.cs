using System.Diagnostics;
using Interop.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Task = System.Threading.Tasks.Task;

namespace Interop.Gateway.Tests.Story;

/// <summary>
/// The README's sandbox story, run verbatim: the gateway in its sandbox environment on a real loopback port (it calls
/// its own sandbox upstreams over HTTP, as it calls real ones), and <c>gateway/sandbox-story.sh</c> (the script the
/// README shows) run against it with bash and curl. The script checks every answer itself and fails on the first surprise.
/// </summary>
public sealed class SandboxStoryTests
{
    private static string RepositoryRoot()
    {
        var folder = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(folder, "Interop.sln")))
        {
            folder = Path.GetDirectoryName(folder) ?? throw new InvalidOperationException("Interop.sln not found above the test output.");
        }

        return folder;
    }

    /// <summary>The sandbox on three loopback ports (central, PMRS 120101 edge, H-SPIS edge), its files in a folder.</summary>
    private static WebApplicationFactory<Program> Launch(int[] ports, string folder)
    {
        var gateway = $"http://127.0.0.1:{ports[0]}";
        string[] edges = [$"http://127.0.0.1:{ports[1]}", $"http://127.0.0.1:{ports[2]}"];
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Sandbox");
            b.UseSetting("Urls", gateway);
            b.UseSetting("TransactionLog:ConnectionString", $"Data Source={Path.Combine(folder, "log.db")}");
            b.UseSetting("Sandbox:RegistryDatabase", Path.Combine(folder, "registry.db"));
            b.UseSetting("Sandbox:AssessAfter", "00:00:00");
            for (var i = 0; i < edges.Length; i++)
            {
                b.UseSetting($"Sandbox:Edges:{i}:Urls", edges[i]);
                b.UseSetting($"Sandbox:Edges:{i}:CentralUrl", gateway + "/");
                b.UseSetting($"Sandbox:Edges:{i}:TransactionLog", $"Data Source={Path.Combine(folder, $"edge-{i}.db")}");
            }

            foreach (var upstream in new[] { "Registry", "Nssf", "Pca" })
            {
                b.UseSetting($"Upstreams:{upstream}:BaseUrl", $"{gateway}/sandbox/{upstream.ToLowerInvariant()}/fhir/");
            }
        });
        try
        {
            factory.UseKestrel(ports[0]);
            factory.StartServer();
            return factory;
        }
        catch
        {
            factory.Dispose();
            throw;
        }
    }

    [Fact]
    public void Readme_ShowsTheStoryScriptExactly()
    {
        var root = RepositoryRoot();
        var readme = File.ReadAllText(Path.Combine(root, "README.md")).ReplaceLineEndings("\n");
        var script = File.ReadAllText(Path.Combine(root, "gateway", "sandbox-story.sh")).ReplaceLineEndings("\n");

        Assert.Contains("```sh\n" + script + "```", readme, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Story_RunsVerbatimAgainstTheSandbox()
    {
        var root = RepositoryRoot();
        var folder = Path.Combine(Path.GetTempPath(), "interop-story-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var (factory, ports) = LoopbackPorts.Start(3, ports => (Launch(ports, folder), ports));
        using var _ = factory;
        var gateway = $"http://127.0.0.1:{ports[0]}";
        string[] edges = [$"http://127.0.0.1:{ports[1]}", $"http://127.0.0.1:{ports[2]}"]; // PMRS 120101, H-SPIS

        var run = new ProcessStartInfo("bash", [Path.Combine(root, "gateway", "sandbox-story.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        run.Environment["GATEWAY"] = gateway;
        run.Environment["PMRS_EDGE"] = edges[0];
        run.Environment["HSPIS_EDGE"] = edges[1];
        using var process = Process.Start(run)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(process.ExitCode == 0, $"The story failed:\n{await errors}\n--- output ---\n{await output}");
        Assert.Contains("The story is complete.", await output, StringComparison.Ordinal);
    }
}
