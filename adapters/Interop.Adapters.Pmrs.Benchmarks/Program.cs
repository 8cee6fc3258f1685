using BenchmarkDotNet.Running;
using Interop.Adapters.Pmrs.Benchmarks;
using Interop.Standards.Benchmarks;

// "--cpu": CPU time per operation, for a loaded machine (see CpuTime); otherwise BenchmarkDotNet.
if (args is ["--cpu"])
{
    var benchmarks = new VisitMappingBenchmarks();
    benchmarks.Setup();
    CpuTime.Measure("Map one PMRS visit (3 resources)", 4000, benchmarks.Map);
    CpuTime.Measure("Map + validate one PMRS visit (3 resources)", 2000, benchmarks.MapAndValidate);
    benchmarks.Cleanup();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
