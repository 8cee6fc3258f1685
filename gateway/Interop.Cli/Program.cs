using Interop.Cli;

return await InteropCli.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
