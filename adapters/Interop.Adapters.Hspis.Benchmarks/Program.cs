using System.Diagnostics;
using BenchmarkDotNet.Running;
using Interop.Adapters.Hspis.Benchmarks;

// "--peak": one 5,000-claim batch mapped and validated in a fresh process, reporting the process's peak working set
// (BenchmarkDotNet's MemoryDiagnoser reports bytes allocated, not the peak the process needed).
if (args is ["--peak"])
{
    var benchmarks = new HspisMappingBenchmarks();
    benchmarks.Setup(check: false);
    _ = benchmarks.MapAndValidateMember();
    using var process = Process.GetCurrentProcess();
    process.Refresh();
    var before = process.PeakWorkingSet64;
    var watch = Stopwatch.StartNew();
    var valid = benchmarks.MapAndValidateBatch();
    watch.Stop();
    process.Refresh();
    Console.WriteLine($"valid resources: {valid}; elapsed: {watch.ElapsedMilliseconds} ms (includes first-call JIT)");
    Console.WriteLine($"peak working set: after loading the standards and one member {before / 1048576} MB, after the batch {process.PeakWorkingSet64 / 1048576} MB");
    benchmarks.Cleanup();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
