namespace Interop.Signatures.Tests;

/// <summary>Where the copied vector suites live in the test output.</summary>
internal static class TestVectorFiles
{
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "TestVectors");

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);
}
