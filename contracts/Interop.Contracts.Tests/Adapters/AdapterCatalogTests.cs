using Interop.Contracts.Adapters;
using Interop.Contracts.Mapping;

namespace Interop.Contracts.Tests.Adapters;

public sealed class AdapterCatalogTests
{
    [Fact]
    public void Catalog_TwoAdaptersWithTheSameId_RefusesToStart()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new AdapterCatalog([new FixedAdapter("a", "/x"), new FixedAdapter("a", "/y")]));

        Assert.Contains("'a' is registered twice", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Catalog_TwoAdaptersOnTheSameRoute_RefusesToStartNamingBoth()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new AdapterCatalog([new FixedAdapter("a", "/x"), new FixedAdapter("b", "/x")]));

        Assert.Contains("POST /x is claimed by adapters 'a' and 'b'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Catalog_InvalidManifest_RefusesToStartNamingTheAdapter()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new AdapterCatalog([new FixedAdapter("a", "no-slash")]));

        Assert.Contains("Adapter 'a' (FixedAdapter): Routes[0]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Catalog_ValidAdapters_AreFoundById()
    {
        var catalog = new AdapterCatalog([new FixedAdapter("a", "/x"), new FixedAdapter("b", "/y")]);

        Assert.True(catalog.TryGet("b", out var adapter));
        Assert.Equal("b", adapter.Manifest.Id);
        Assert.False(catalog.TryGet("c", out _));
    }

    private sealed class FixedAdapter(string id, string path) : ILegacyAdapter
    {
        public AdapterManifest Manifest { get; } = new()
        {
            Id = id,
            Version = "1.0.0",
            OperatorSystem = "KH/GOV/TEST/SYSTEM",
            Routes = [new LegacyRoute { Operation = "op", Method = "POST", PathTemplate = path, Flow = InteropFlow.Register, RequestContentTypes = ["application/json"] }],
        };

        public ValueTask<InboundMapping> MapRequestAsync(LegacyRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new InboundMapping());

        public LegacyResponse MapResponse(FhirExchange exchange) => new(200, "text/plain", default);

        public LegacyResponse RenderError(LegacyRequest request, GatewayError error) => new(error.HttpStatus, "text/plain", default);
    }
}
