namespace Interop.Registry.Quality;

/// <summary>Placeholder until the generator lands.</summary>
internal static class QualityCommand
{
    public static Task<int> RunAsync(string[] args) => Task.FromResult(args.Length >= 0 ? 0 : 1);
}
