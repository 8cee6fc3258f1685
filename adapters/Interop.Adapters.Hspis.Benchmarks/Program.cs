using System.Diagnostics;
using BenchmarkDotNet.Running;
using Interop.Adapters.Hspis.Benchmarks;
using Interop.Standards.Benchmarks;

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

// "--cpu": CPU time per operation, for a loaded machine (see CpuTime).
if (args is ["--cpu"])
{
    var benchmarks = new HspisMappingBenchmarks();
    benchmarks.Setup(check: true);
    CpuTime.Measure("Map MemberRequest (Patient + Coverage)", 4000, benchmarks.MapMember);
    CpuTime.Measure("Map + validate MemberRequest (Patient + Coverage)", 2000, benchmarks.MapAndValidateMember);
    CpuTime.Measure("Map ClaimBatch of 5,000 claims", 2, benchmarks.MapBatch);
    CpuTime.Measure("Map + validate ClaimBatch of 5,000 claims (10,000 resources)", 2, benchmarks.MapAndValidateBatch);
    benchmarks.Cleanup();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
