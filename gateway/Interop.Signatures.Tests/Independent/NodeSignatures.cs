using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Interop.Signatures.Tests.Independent;

/// <summary>
/// The npm package <c>http-message-signatures</c>, installed once per version into a folder of the system temp
/// directory and driven through <c>Independent/interop.js</c> with Node.js.
/// </summary>
internal static class NodeSignatures
{
    public const string Version = "1.0.6";

    private static readonly Lazy<string?> Unavailable = new(Install);

    /// <summary>Where the package is installed (kept between runs, keyed by version).</summary>
    public static string Folder { get; } = Path.Combine(Path.GetTempPath(), $"interop-npm-http-message-signatures-{Version}");

    /// <summary>Null when Node.js and the package are ready, else why not (the test's skip reason).</summary>
    public static string? WhyUnavailable => Unavailable.Value;

    /// <summary>Sends one command to the driver and returns its JSON answer.</summary>
    public static async Task<JsonObject> RunAsync(JsonObject command)
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Independent", "interop.js"), Path.Combine(Folder, "interop.js"), overwrite: true);
        var (code, output, error) = await ProcessAsync("node", ["interop.js"], Folder, command.ToJsonString(), TimeSpan.FromSeconds(60));
        Assert.True(code == 0, $"node exited with {code}: {error}");
        return JsonNode.Parse(output)!.AsObject();
    }

    private static string? Install()
    {
        if (IsInstalled())
        {
            return null;
        }

        foreach (var tool in new[] { "node", "npm" })
        {
            if (Run(tool, ["--version"], Path.GetTempPath(), TimeSpan.FromSeconds(30)) is { Code: not 0 } failed)
            {
                return $"{tool} is not available ({failed.Error.Trim()}): the interop test with npm http-message-signatures@{Version} needs Node.js and npm";
            }
        }

        // Installed beside the final folder, then moved into place, so a concurrent or interrupted run never sees half a package.
        var staging = Folder + ".staging-" + Guid.NewGuid().ToString("N");
        Directory.CreateDirectory(staging);
        File.WriteAllText(Path.Combine(staging, "package.json"), """{"name":"interop-signatures-test","private":true}""");
        var install = Run("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", $"http-message-signatures@{Version}"], staging, TimeSpan.FromMinutes(3));
        if (install.Code != 0)
        {
            Directory.Delete(staging, recursive: true);
            return $"npm install http-message-signatures@{Version} failed (exit {install.Code}): {Last(install.Error)}";
        }

        try
        {
            Directory.Move(staging, Folder);
        }
        catch (IOException) when (IsInstalled())
        {
            Directory.Delete(staging, recursive: true);
        }

        return IsInstalled() ? null : $"npm installed http-message-signatures@{Version} but {Folder} does not hold it";
    }

    private static bool IsInstalled()
    {
        var manifest = Path.Combine(Folder, "node_modules", "http-message-signatures", "package.json");
        if (!File.Exists(manifest))
        {
            return false;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(manifest));
        return document.RootElement.GetProperty("version").GetString() == Version;
    }

    private static (int Code, string Output, string Error) Run(string file, string[] args, string directory, TimeSpan timeout)
    {
        try
        {
            return ProcessAsync(file, args, directory, null, timeout).GetAwaiter().GetResult();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, "", e.Message);
        }
    }

    private static async Task<(int Code, string Output, string Error)> ProcessAsync(string file, string[] args, string directory, string? input, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input ?? "");
        process.StandardInput.Close();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, await output, $"timed out after {timeout.TotalSeconds:0} s");
        }

        return (process.ExitCode, await output, await error);
    }

    private static string Last(string text) => text.Length <= 600 ? text.Trim() : text[^600..].Trim();
}

/// <summary>A fact that runs only when Node.js, npm and the package are available; otherwise skipped, saying why (decided at discovery).</summary>
public sealed class NodeInteropFactAttribute : FactAttribute
{
    public NodeInteropFactAttribute()
    {
        if (NodeSignatures.WhyUnavailable is { } reason)
        {
            Skip = reason;
        }
    }
}
