using Interop.Standards.Loading;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Interop.Gateway.Tests;

public sealed class StartupTests
{
    [Fact]
    public void Start_WithBrokenStandards_FailsNamingTheFile()
    {
        var root = Path.Combine(Path.GetTempPath(), "broken-standards-" + Guid.NewGuid().ToString("N"));
        var source = Path.Combine(AppContext.BaseDirectory, "standards");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(root, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        File.WriteAllText(Path.Combine(root, "policies", "registry-identity.json"), """{"id":"registry-identity","sender":"*","receiver":"KH/GOV/NSPC/REGISTRY","interactions":["register"],"allow":["Patient.povertyLevel"]}""");
        try
        {
            using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("Standards:Root", root).UseSetting("Signing:Mode", "Off"));

            var ex = Assert.Throws<StandardsLoadException>(() => factory.CreateClient());

            Assert.Contains("policies/registry-identity.json", ex.Message, StringComparison.Ordinal);
            Assert.Contains("Patient.povertyLevel", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Start_CentralModeWithoutAKey_FailsNamingTheSetting()
    {
        // The production settings: central mode, and no private key configured yet.
        using var factory = new WebApplicationFactory<Program>();

        var ex = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("Signing:Key:KeyFile", ex.ToString(), StringComparison.Ordinal);
    }
}
