using System.Diagnostics;

namespace Interop.Signatures.Benchmarks;

/// <summary>
/// Times each case over a few batches (no statistics), by wall clock and by process CPU time: on a busy, shared
/// machine the CPU time per operation is steadier than the wall time. The best batch of five is reported.
/// </summary>
internal static class QuickRun
{
    public static void Run(TextWriter output)
    {
        using var benchmarks = new SignatureBenchmarks();
        var cases = new (string Name, Action Run)[]
        {
            ("baseline: ECDSA sign", () => benchmarks.RawSign()),
            ("baseline: ECDSA verify", () => benchmarks.RawVerify()),
            ("sign one request", () => benchmarks.Sign()),
            ("verify one request", () => benchmarks.Verify()),
            ("sign + verify one request", () => benchmarks.SignAndVerify()),
        };
        foreach (var (name, run) in cases)
        {
            var best = double.MaxValue;
            var bestCpu = double.MaxValue;
            long bytes = 0;
            for (var batch = 0; batch < 5; batch++)
            {
                benchmarks.NewBatch();
                var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                for (var i = 0; i < SignatureBenchmarks.Batch; i++)
                {
                    run();
                }

                best = Math.Min(best, watch.Elapsed.TotalMicroseconds / SignatureBenchmarks.Batch);
                bestCpu = Math.Min(bestCpu, (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMicroseconds / SignatureBenchmarks.Batch);
                bytes = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / SignatureBenchmarks.Batch;
            }

            output.WriteLine($"{name,-28} wall {best,8:0.0} us/op   cpu {bestCpu,8:0.0} us/op   {bytes,7} B/op");
        }
    }
}
