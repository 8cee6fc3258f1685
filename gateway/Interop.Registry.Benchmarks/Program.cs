using BenchmarkDotNet.Running;
using Interop.Registry.Benchmarks;

BenchmarkSwitcher.FromAssembly(typeof(MatchBenchmarks).Assembly).Run(args);
