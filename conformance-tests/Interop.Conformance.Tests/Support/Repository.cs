using System.Reflection;

namespace Interop.Conformance.Tests.Support;

/// <summary>Folders of the repository this test assembly was built from.</summary>
public static class Repository
{
    /// <summary>The repository root (where <c>Interop.sln</c> is).</summary>
    public static string Root { get; } = Metadata("RepositoryRoot");

    /// <summary>The build configuration of this test assembly (<c>Debug</c>, <c>Release</c>).</summary>
    public static string Configuration { get; } = Metadata("Configuration");

    /// <summary>A folder of <c>conformance-tests/</c>.</summary>
    /// <param name="parts">The path below <c>conformance-tests/</c>.</param>
    /// <returns>The full path.</returns>
    public static string Conformance(params string[] parts) => Path.Combine([Root, "conformance-tests", .. parts]);

    /// <summary>Where the suite writes its JUnit XML and Markdown reports: <c>conformance-tests/reports/</c>.</summary>
    public static string Reports => Conformance("reports");

    private static string Metadata(string key) =>
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
