using System.Diagnostics;
using System.Net;

namespace Interop.Gateway.Benchmarks;

/// <summary>What one target did under load.</summary>
/// <param name="Name">The target.</param>
/// <param name="Requests">Requests answered with the expected status during the measured window.</param>
/// <param name="Errors">Requests answered otherwise, or that failed.</param>
/// <param name="Seconds">The measured window.</param>
/// <param name="LatenciesMs">The latency of every answered request in the window, sorted.</param>
/// <param name="CpuSeconds">The CPU time the whole process (load generator, servers, stub) used in the window.</param>
internal sealed record LoadResult(string Name, long Requests, long Errors, double Seconds, double[] LatenciesMs, double CpuSeconds)
{
    /// <summary>CPU milliseconds the process spent per answered request (all of it: client, target, stub).</summary>
    public double CpuMsPerRequest => Requests == 0 ? double.NaN : CpuSeconds * 1000 / Requests;

    /// <summary>How many cores the process kept busy on average.</summary>
    public double CoresBusy => CpuSeconds / Seconds;

    public double Throughput => Requests / Seconds;

    public double Percentile(double p) => LatenciesMs.Length == 0 ? double.NaN : LatenciesMs[Math.Min(LatenciesMs.Length - 1, (int)Math.Ceiling(p / 100 * LatenciesMs.Length) - 1)];
}

/// <summary>
/// A closed-loop load generator: <c>connections</c> workers, each with its own connection, each sending its next
/// request as soon as the last is answered; a warm-up whose requests are not counted, then a fixed measured window.
/// </summary>
internal sealed class LoadGenerator(int connections, TimeSpan warmUp, TimeSpan duration)
{
    /// <param name="name">The target's name.</param>
    /// <param name="request">Builds request number n (a new message each time).</param>
    /// <param name="expected">The status a success answers.</param>
    /// <param name="wrap">Handlers between the client and its connections (a signing handler), if any.</param>
    public async Task<LoadResult> RunAsync(string name, Func<long, HttpRequestMessage> request, HttpStatusCode expected, Func<HttpMessageHandler, HttpMessageHandler>? wrap = null)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        using var client = new HttpClient(wrap?.Invoke(handler) ?? handler) { Timeout = TimeSpan.FromSeconds(30) };
        long counter = 0;
        var clock = Stopwatch.StartNew();
        var measureFrom = warmUp;
        var stopAt = warmUp + duration;
        var workers = Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            var latencies = new List<double>(capacity: 1 << 14);
            long errors = 0;
            while (clock.Elapsed < stopAt)
            {
                using var message = request(Interlocked.Increment(ref counter));
                var started = clock.Elapsed;
                bool ok;
                try
                {
                    using var response = await client.SendAsync(message, HttpCompletionOption.ResponseContentRead);
                    ok = response.StatusCode == expected;
                }
                catch (HttpRequestException)
                {
                    ok = false;
                }
                catch (TaskCanceledException)
                {
                    ok = false;
                }

                var ended = clock.Elapsed;
                if (started >= measureFrom && ended <= stopAt)
                {
                    if (ok)
                    {
                        latencies.Add((ended - started).TotalMilliseconds);
                    }
                    else
                    {
                        errors++;
                    }
                }
            }

            return (latencies, errors);
        })).ToList();
        await Task.Delay(warmUp);
        var cpuFrom = Process.GetCurrentProcess().TotalProcessorTime;
        await Task.Delay(duration);
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuFrom).TotalSeconds;
        var results = await Task.WhenAll(workers);
        var all = results.SelectMany(r => r.latencies).ToArray();
        Array.Sort(all);
        return new LoadResult(name, all.Length, results.Sum(r => r.errors), duration.TotalSeconds, all, cpu);
    }
}
