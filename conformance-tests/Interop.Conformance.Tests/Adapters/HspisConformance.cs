using System.Xml;
using System.Xml.Linq;
using Interop.Adapters.Hspis;
using Interop.Conformance.Fixtures;
using Interop.Conformance.Tests.Support;
using Interop.Conformance.Xunit;
using Interop.Contracts.Adapters;
using Interop.Contracts.Mapping;
using Interop.Contracts.Registration;

namespace Interop.Conformance.Tests.Adapters;

/// <summary>
/// The H-SPIS adapter as the gateway registers it, over <c>conformance-tests/fixtures/hspis</c>: the goldens are the adapter's
/// own reviewed ones (<c>fixtures.json</c> points at them), the negative cases are the kit's.
/// </summary>
public sealed class HspisConformanceSetup() : RepositoryAdapterSetup("hspis")
{
    public override void Register(IInteropBuilder interop) => interop.AddHspisAdapter();

    /// <summary>When the H-SPIS goldens were received.</summary>
    public override DateTimeOffset ReceivedAt => new(2025, 3, 1, 1, 0, 5, TimeSpan.Zero);

    /// <summary>An H-SPIS message names its operation by its root element, as the adapter's own goldens rely on.</summary>
    public override LegacyRequest CreateRequest(FixtureCase @case, AdapterManifest manifest)
    {
        if (@case.File("case.json") is not null)
        {
            return base.CreateRequest(@case, manifest);
        }

        var body = File.ReadAllText(@case.RequestFile);
        return Request(new RequestEnvelope { Operation = OperationOf(body) }, body, manifest);
    }

    private static string OperationOf(string body)
    {
        string root;
        try
        {
            root = XDocument.Parse(body).Root!.Name.LocalName;
        }
        catch (XmlException)
        {
            root = "MemberRequest";
        }

        return root switch
        {
            "EligibilityRequest" => "eligibility",
            "ClaimBatch" => "claims",
            "ClaimStatusRequest" => "claim-status",
            _ => "member",
        };
    }
}

/// <summary>Every adapter requirement, on the H-SPIS adapter.</summary>
public sealed class HspisConformanceTests : AdapterConformanceTests<HspisConformanceSetup>;
