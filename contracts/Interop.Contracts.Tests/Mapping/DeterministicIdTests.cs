using System.Text.RegularExpressions;
using Interop.Contracts.Mapping;

namespace Interop.Contracts.Tests.Mapping;

public sealed partial class DeterministicIdTests
{
    private const string Nid = "https://fhir.nspc.gov.kh/sid/khmer-national-id";

    [Fact]
    public void For_SameIdentifier_GivesTheSameId()
    {
        Assert.Equal(DeterministicId.For("pat", Nid, "010203040"), DeterministicId.For("pat", Nid, "010203040"));
    }

    [Fact]
    public void For_DifferentSystemOrValue_GivesDifferentIds()
    {
        var ids = new[]
        {
            DeterministicId.For("pat", Nid, "010203040"),
            DeterministicId.For("pat", Nid, "010203041"),
            DeterministicId.For("pat", "https://fhir.nspc.gov.kh/sid/nssf-member-number", "010203040"),
        };

        Assert.Equal(3, ids.Distinct().Count());
    }

    [Fact]
    public void For_Id_IsAValidFhirIdWithoutTheIdentifier()
    {
        var id = DeterministicId.For("claim", Nid, "010203040");

        Assert.Matches(FhirId(), id);
        Assert.DoesNotContain("010203040", id, StringComparison.Ordinal);
        Assert.StartsWith("claim-", id, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Claim")]
    [InlineData("")]
    [InlineData("a_b")]
    public void For_BadPrefix_IsABug(string prefix)
    {
        Assert.ThrowsAny<ArgumentException>(() => DeterministicId.For(prefix, Nid, "1"));
    }

    [GeneratedRegex("^[A-Za-z0-9\\-\\.]{1,64}$")]
    private static partial Regex FhirId();
}
