using System.Diagnostics;
using System.Text;

namespace Interop.Conformance.Tests.Support;

/// <summary>
/// Runs the <c>dotnet</c> command line as a child process with a deadline, without build servers or reused nodes (nothing is
/// left running), and without the MSBuild variables of the test host leaking into it.
/// </summary>
public static class DotnetCommand
{
    /// <summary>What a command printed and how it ended.</summary>
    /// <param name="ExitCode">The exit code (-1 when killed at the deadline).</param>
    /// <param name="Output">Standard output and error, interleaved.</param>
    public sealed record Result(int ExitCode, string Output);

    /// <summary>Runs <c>dotnet</c> with the arguments in a folder.</summary>
    /// <param name="folder">The working folder.</param>
    /// <param name="deadline">When to give up and kill the process.</param>
    /// <param name="arguments">The arguments.</param>
    /// <returns>The result.</returns>
    public static async Task<Result> RunAsync(string folder, TimeSpan deadline, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_DO_NOT_USE_MSBUILD_SERVER"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return new Result(-1, $"dotnet {string.Join(' ', arguments)} was killed after {deadline}.\n{output}");
        }

        process.WaitForExit();
        return new Result(process.ExitCode, output.ToString());
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}
