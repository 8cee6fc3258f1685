using System.Diagnostics;

namespace Interop.Standards.Benchmarks;

/// <summary>
/// "--cpu": each benchmark's process CPU time per operation (the best of several rounds), for a machine whose
/// cores are shared: wall-clock figures there measure the other processes as much as this one.
/// </summary>
internal static class CpuTime
{
    public static void Measure(string name, int operations, Func<int> run)
    {
        for (var i = 0; i < Math.Max(3, operations / 5); i++)
        {
            run();
        }

        using var process = Process.GetCurrentProcess();
        var best = TimeSpan.MaxValue;
        var bestWall = TimeSpan.MaxValue;
        for (var round = 0; round < 7; round++)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            for (var i = 0; i < operations; i++)
            {
                run();
            }

            wall.Stop();
            process.Refresh();
            best = TimeSpan.FromTicks(Math.Min(best.Ticks, (process.TotalProcessorTime - cpu).Ticks));
            bestWall = TimeSpan.FromTicks(Math.Min(bestWall.Ticks, wall.Elapsed.Ticks));
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        run();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Console.WriteLine($"{name}: CPU {Format(best / operations)} per operation (wall {Format(bestWall / operations)}), best of 7 rounds of {operations}; allocated {Size(allocated)}");
    }

    private static string Size(long bytes) => bytes >= 10 << 20 ? $"{bytes / 1048576.0:F0} MB" : $"{bytes / 1024.0:F1} KB";

    private static string Format(TimeSpan time) =>
        time.TotalMilliseconds >= 10 ? $"{time.TotalMilliseconds:F0} ms" : $"{time.TotalMicroseconds:F1} µs";
}
