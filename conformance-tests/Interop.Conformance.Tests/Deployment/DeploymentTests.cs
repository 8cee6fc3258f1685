using System.Xml.Linq;
using Interop.Conformance.Deployment;
using Interop.Conformance.Reporting;
using Interop.Conformance.Results;
using Interop.Conformance.Tests.Support;

namespace Interop.Conformance.Tests.Deployment;

/// <summary>
/// The deployment checks on the sandbox gateway (central mode) as the H-SPIS member: every requirement passes, and the
/// reports are written to <c>conformance-tests/reports/deployment.{junit.xml,md}</c>; the command line says the same.
/// </summary>
public sealed class DeploymentTests(SandboxGateway gateway) : IClassFixture<SandboxGateway>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task SandboxGateway_MeetsEveryDeploymentRequirement()
    {
        var report = await DeploymentKit.RunAsync(gateway.Target());
        JUnitReport.Write(report, Path.Combine(Repository.Reports, "deployment.junit.xml"));
        MarkdownReport.Write(report, Path.Combine(Repository.Reports, "deployment.md"));

        var problems = report.Results.Where(r => r.Status is not CheckStatus.Pass).Select(r => $"{MarkdownReport.Label(r.Status)} {r.Requirement.Id} {r.Case}: {r.Message}\n{r.Diff}");
        Assert.True(!report.HasProblems && report.Results.All(r => r.Status == CheckStatus.Pass), string.Join("\n\n", problems));
        Assert.All(DeploymentRequirements.All, r => Assert.Equal(CheckStatus.Pass, report.StatusOf(r)));
        Assert.Equal(2, report.For(DeploymentRequirements.AnswersSigned).Count()); // the accepted answer and the idempotent retry's
        Assert.Contains("HTTP 200, fault none", report.For(DeploymentRequirements.SignedAccepted).Single().Message, StringComparison.Ordinal);
        Assert.Contains("fault E405", report.For(DeploymentRequirements.ReplayRefused).Single().Message, StringComparison.Ordinal);
        Assert.Contains("signature-invalid", report.For(DeploymentRequirements.AnswersBound).Single().Message, StringComparison.Ordinal);
        var junit = XDocument.Load(Path.Combine(Repository.Reports, "deployment.junit.xml")).Root!;
        Assert.Equal(DeploymentRequirements.All.Select(r => r.Id), junit.Elements("testsuite").Select(s => (string)s.Attribute("name")!));
        Assert.Contains("# Conformance of deployment", await File.ReadAllTextAsync(Path.Combine(Repository.Reports, "deployment.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommandLine_OnTheSandboxGateway_ExitsZeroAndWritesBothReports()
    {
        using var reports = new TemporaryFolder("deployment-cli");
        var (junit, markdown) = (reports.Combine("deployment.junit.xml"), reports.Combine("deployment.md"));

        var result = await DotnetCommand.RunAsync(AppContext.BaseDirectory, Deadline,
        [
            "Interop.Conformance.dll", "deployment", "--url", gateway.Url, "--member", SandboxGateway.Member,
            "--key", SandboxGateway.MemberKeyFile, "--kid", SandboxGateway.KeyId, "--gateway-keys", SandboxGateway.GatewayJwks,
            "--route", SandboxGateway.SampleFile, "--junit", junit, "--markdown", markdown,
        ]);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}:\n{result.Output}");
        Assert.Contains("PASS  DEP-SIG-06", result.Output, StringComparison.Ordinal);
        Assert.Contains(": conformant.", result.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(junit) && File.Exists(markdown));
    }
}

/// <summary>The deployment checks catch a defect: a gateway with signing off fails exactly the signature requirements.</summary>
public sealed class DeploymentDefectTests(UnsignedGateway gateway) : IClassFixture<UnsignedGateway>
{
    [Fact]
    public async Task GatewayWithSigningOff_FailsTheSignatureRequirementsAndNothingElse()
    {
        var report = await DeploymentKit.RunAsync(gateway.Target());

        string[] expected = ["DEP-SIG-02", "DEP-SIG-03", "DEP-SIG-04", "DEP-SIG-05", "DEP-SIG-06", "DEP-ANS-01"];
        var failing = DeploymentRequirements.All.Where(r => report.StatusOf(r) is CheckStatus.Fail or CheckStatus.Error).Select(r => r.Id).ToList();
        Assert.True(expected.SequenceEqual(failing), string.Join("\n", report.Results.Select(r => $"{MarkdownReport.Label(r.Status)} {r.Requirement.Id} {r.Case}: {r.Message}")));
        Assert.Contains("not signed", report.For(DeploymentRequirements.AnswersSigned).First().Message, StringComparison.Ordinal);
        Assert.Contains("got HTTP 200", report.For(DeploymentRequirements.UnsignedRefused).Single().Message, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Skip, report.StatusOf(DeploymentRequirements.AnswersBound)); // reported under DEP-ANS-01
    }
}
