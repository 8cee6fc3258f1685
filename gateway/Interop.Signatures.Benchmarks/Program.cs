using BenchmarkDotNet.Running;
using Interop.Signatures.Benchmarks;

if (args is ["--quick", ..])
{
    // A few seconds, no BenchmarkDotNet: per-operation time and allocation of each case, for a quick look.
    QuickRun.Run(Console.Out);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(SignatureBenchmarks).Assembly).Run(args);
