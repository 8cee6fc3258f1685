using System.CommandLine;

namespace Interop.Cli;

/// <summary>The <c>interop</c> command line: <c>keygen</c>, <c>sign</c>, <c>send</c>, <c>verify</c>, <c>verify-log</c>.</summary>
public static class InteropCli
{
    /// <summary>Exit code: done (and every checked signature valid).</summary>
    public const int Ok = 0;

    /// <summary>Exit code: a signature was refused.</summary>
    public const int Refused = 1;

    /// <summary>Exit code: bad arguments or input (a missing file, a malformed key).</summary>
    public const int UsageError = 2;

    /// <summary>Runs the command line with the given output writers (tests call this in-process).</summary>
    /// <param name="args">The arguments, e.g. <c>keygen --member KH/GOV/MOH/PMRS-120101 --kid pmrs-2026-01 --out keys</c>.</param>
    /// <param name="output">Where results go.</param>
    /// <param name="error">Where errors go.</param>
    /// <param name="cancellationToken">Cancels a running command.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("Sign, send and verify messages of the kh-interop signature profile (RFC 9421).")
        {
            KeygenCommand.Create(output),
            SignCommands.CreateSign(output),
            SignCommands.CreateSend(output),
            VerifyCommand.Create(output),
            VerifyLogCommand.Create(output),
        };
        var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        try
        {
            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0)
            {
                foreach (var parseError in parsed.Errors)
                {
                    await error.WriteLineAsync("error: " + parseError.Message).ConfigureAwait(false);
                }

                await error.WriteLineAsync("see: interop --help").ConfigureAwait(false);
                return UsageError;
            }

            return await parsed.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (CliException e)
        {
            await error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
            return UsageError;
        }
    }
}

/// <summary>A user error with a message for the terminal.</summary>
internal sealed class CliException(string message, Exception? innerException = null) : Exception(message, innerException);
