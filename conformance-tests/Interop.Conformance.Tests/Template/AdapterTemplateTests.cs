using System.Xml.Linq;
using Interop.Conformance.Tests.Support;

namespace Interop.Conformance.Tests.Template;

/// <summary>
/// The <c>dotnet new interop-adapter</c> template can never rot: it is installed from the repository into an isolated hive,
/// instantiated into a temporary folder, built against this repository's projects, and the kit's command line is run on it.
/// </summary>
public sealed class AdapterTemplateTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Template_Instantiated_BuildsAndPassesTheKit()
    {
        using var root = new TemporaryFolder("template");
        var (hive, project) = (root.Combine("hive"), root.Combine("Clinic.Interop"));
        await Succeeds(root.Path, "new", "install", Repository.Conformance("templates", "interop-adapter"), "--debug:custom-hive", hive);
        await Succeeds(root.Path, "new", "interop-adapter", "-n", "Clinic.Interop", "-o", project, "--interopRoot", Repository.Root, "--debug:custom-hive", hive);

        // The repository's projects are already built by this build; only the two new projects are compiled.
        foreach (var name in new[] { "Clinic.Interop", "Clinic.Interop.Tests" })
        {
            await Succeeds(project, "build", name, "-c", Repository.Configuration, "-p:BuildProjectReferences=false", "-p:UseSharedCompilation=false", "-nodeReuse:false");
        }

        var output = Path.Combine(project, "Clinic.Interop.Tests", "bin", Repository.Configuration, "net10.0");
        var junit = root.Combine("clinic.junit.xml");
        await Succeeds(output, "Interop.Conformance.dll", "adapter", "--assembly", "Clinic.Interop.Tests.dll", "--junit", junit, "--markdown", root.Combine("clinic.md"));

        var suites = XDocument.Load(junit).Root!;
        Assert.Equal(Requirements.All.Count, suites.Elements("testsuite").Count());
        Assert.Equal(("0", "0"), ((string)suites.Attribute("failures")!, (string)suites.Attribute("errors")!));
    }

    private static async Task Succeeds(string folder, params string[] arguments)
    {
        var result = await DotnetCommand.RunAsync(folder, Deadline, arguments);
        Assert.True(result.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} exited {result.ExitCode}:\n{result.Output}");
    }
}
