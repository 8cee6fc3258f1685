using BenchmarkDotNet.Running;
using Interop.Standards.Benchmarks;

// "--cpu": CPU time per operation, for a loaded machine (see CpuTime); otherwise BenchmarkDotNet.
if (args is ["--cpu"])
{
    var benchmarks = new ClaimValidationBenchmarks();
    benchmarks.Setup();
    CpuTime.Measure("Validate Claim (10 items) against kh-claim-hef", 2000, () => benchmarks.ValidateClaim() ? 1 : 0);
    CpuTime.Measure("Parse + validate Claim (10 items) from JSON", 1000, () => benchmarks.ParseAndValidateClaim() ? 1 : 0);
    CpuTime.Measure("Validate Patient against kh-patient-identity", 4000, () => benchmarks.ValidatePatient() ? 1 : 0);
    CpuTime.Measure("Apply registry policy to Patient", 10000, benchmarks.FilterPatient);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
