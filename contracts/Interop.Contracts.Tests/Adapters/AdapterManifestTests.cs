using Interop.Contracts.Adapters;

namespace Interop.Contracts.Tests.Adapters;

public sealed class AdapterManifestTests
{
    private static AdapterManifest Valid() => new()
    {
        Id = "pmrs",
        Version = "1.0.0",
        OperatorSystem = "KH/GOV/MOH/PMRS",
        Routes =
        [
            new LegacyRoute { Operation = "visit-submit", Method = "POST", PathTemplate = "/api/v1/external/visits", Flow = InteropFlow.Claim, RequestContentTypes = ["application/json"] },
            new LegacyRoute { Operation = "visit-status", Method = "GET", PathTemplate = "/api/v1/external/visits/{visit_code}/status", Flow = InteropFlow.ClaimStatus },
        ],
    };

    [Fact]
    public void Validate_WellFormedManifest_HasNoProblems()
    {
        Assert.Empty(Valid().Validate());
    }

    [Theory]
    [InlineData("PMRS")]
    [InlineData("pmrs adapter")]
    [InlineData("")]
    public void Validate_IdNotKebabCase_IsAProblem(string id)
    {
        Assert.Contains((Valid() with { Id = id }).Validate(), p => p.StartsWith("Id", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("v1.0.0")]
    [InlineData("1.0.x")]
    public void Validate_VersionNotSemantic_IsAProblem(string version)
    {
        Assert.Contains((Valid() with { Version = version }).Validate(), p => p.StartsWith("Version", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("1.0.0-beta.1")]
    [InlineData("2.10.3+build.7")]
    public void Validate_PreReleaseAndBuildVersions_AreSemantic(string version)
    {
        Assert.Empty((Valid() with { Version = version }).Validate());
    }

    [Fact]
    public void Validate_OperatorSystemThatIsNotAMemberId_IsAProblem()
    {
        Assert.Contains((Valid() with { OperatorSystem = "PMRS" }).Validate(), p => p.StartsWith("OperatorSystem", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NoRoutes_IsAProblem()
    {
        Assert.Contains((Valid() with { Routes = [] }).Validate(), p => p.StartsWith("Routes", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_EveryRouteProblem_IsListedWithItsPosition()
    {
        var manifest = Valid() with
        {
            Routes =
            [
                new LegacyRoute { Operation = "a", Method = "post", PathTemplate = "visits", Flow = InteropFlow.Claim },
                new LegacyRoute { Operation = "b", Method = "POST", PathTemplate = "/x", Flow = InteropFlow.Claim, RequestContentTypes = ["application/json"], MaxRequestBytes = 0 },
            ],
        };

        var problems = manifest.Validate();

        Assert.Contains(problems, p => p.StartsWith("Routes[0] (a): Method", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Routes[0] (a): PathTemplate", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Routes[1] (b): MaxRequestBytes", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SameMethodAndPathTwice_IsAProblem()
    {
        var route = Valid().Routes[0];
        var manifest = Valid() with { Routes = [route, route with { Operation = "again" }] };

        Assert.Contains(manifest.Validate(), p => p.Contains("declared twice", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("KH/GOV/NSSF/HSPIS", true)]
    [InlineData("KH/GOV/MOH/PMRS-120101", true)]
    [InlineData("KH/GOV/NSSF", false)]
    [InlineData("KH/GOV/NSSF/HSPIS/X", false)]
    [InlineData("KH//NSSF/HSPIS", false)]
    [InlineData("KH/GOV/NS SF/HSPIS", false)]
    [InlineData(null, false)]
    public void MemberId_TryParse_AcceptsOnlyFourParts(string? text, bool parses)
    {
        Assert.Equal(parses, MemberId.TryParse(text, out var id));
        if (parses)
        {
            Assert.Equal(text, id!.ToString());
        }
    }
}
