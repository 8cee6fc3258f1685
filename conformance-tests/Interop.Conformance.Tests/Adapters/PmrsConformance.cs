using System.Text.Json;
using System.Text.Json.Nodes;
using Interop.Adapters.Pmrs.Registration;
using Interop.Conformance.Fixtures;
using Interop.Conformance.Tests.Support;
using Interop.Conformance.Xunit;
using Interop.Contracts.Adapters;
using Interop.Contracts.Mapping;
using Interop.Contracts.Registration;

namespace Interop.Conformance.Tests.Adapters;

/// <summary>
/// The PMRS adapter as the gateway registers it, over <c>conformance-tests/fixtures/pmrs</c>: the goldens are the adapter's own
/// reviewed ones (<c>fixtures.json</c> points at them), the negative cases are the kit's.
/// </summary>
public sealed class PmrsConformanceSetup() : RepositoryAdapterSetup("pmrs")
{
    public override void Register(IInteropBuilder interop) => interop.AddPmrsAdapter();

    /// <summary>The PMRS goldens predate the kit and do not show error values.</summary>
    public override bool GoldenErrorValues => false;

    /// <summary>
    /// A PMRS golden's <c>request.json</c> is a visit body, or describes a GET or form request in place of <c>case.json</c>
    /// (<c>method</c>, <c>operation</c>, <c>path</c>, <c>query</c>, <c>route</c>, and <c>form</c> for the token request).
    /// </summary>
    public override LegacyRequest CreateRequest(FixtureCase @case, AdapterManifest manifest)
    {
        var text = File.ReadAllText(@case.RequestFile);
        if (Describes(text) is { } described)
        {
            return Request(RequestEnvelope.Parse(text), described["form"]?.GetValue<string>() ?? "", manifest);
        }

        var visit = new RequestEnvelope
        {
            Operation = "visit-submit",
            Headers = new Dictionary<string, string> { ["X-Facility-Code"] = "120101" },
        };
        return Request(visit, text, manifest);
    }

    private static JsonObject? Describes(string text)
    {
        try
        {
            return JsonNode.Parse(text) is JsonObject { } request && request["method"] is not null && request["operation"] is not null ? request : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Every adapter requirement, on the PMRS adapter.</summary>
public sealed class PmrsConformanceTests : AdapterConformanceTests<PmrsConformanceSetup>;
