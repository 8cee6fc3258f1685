using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Interop.Adapters.Pmrs.Registration;
using Interop.Contracts.Adapters;
using Interop.Contracts.Mapping;
using Interop.Contracts.Registration;
using Interop.Standards.Policies;
using Interop.Standards.Registration;
using Interop.Standards.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace Interop.Adapters.Pmrs.Tests.Support;

/// <summary>The adapter as the gateway registers it, over the repository's real standards; built once per test run.</summary>
public sealed class PmrsFixture : IDisposable
{
    public const string Sender = "KH/GOV/MOH/PMRS";
    public const string Registry = "KH/GOV/NSPC/REGISTRY";

    /// <summary>When the gateway received every test request: 2025-02-14 10:05 in Cambodia.</summary>
    public static readonly DateTimeOffset ReceivedAt = new(2025, 2, 14, 10, 5, 0, TimeSpan.FromHours(7));

    private static readonly JsonSerializerOptions FhirJson = new JsonSerializerOptions().ForFhir();

    private readonly ServiceProvider _services;

    public PmrsFixture()
    {
        _services = new ServiceCollection().AddInterop().AddStandards().AddPmrsAdapter().Services.BuildServiceProvider();
        Adapter = Assert.Single(_services.GetRequiredService<AdapterCatalog>().Adapters);
        Validator = _services.GetRequiredService<IFhirValidator>();
        Policies = _services.GetRequiredService<ISharingPolicies>();
    }

    public ILegacyAdapter Adapter { get; }

    public IFhirValidator Validator { get; }

    public ISharingPolicies Policies { get; }

    public static LegacyRequest Visit(string body) => Visit(Encoding.UTF8.GetBytes(body));

    public static LegacyRequest Visit(byte[] body) => new()
    {
        Operation = "visit-submit",
        Method = "POST",
        Path = "/api/v1/external/visits",
        ContentType = "application/json",
        Body = body,
        Sender = Sender,
        ReceivedAt = ReceivedAt,
        Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["X-Facility-Code"] = "120101" },
    };

    public static LegacyRequest Get(string operation, string path, IReadOnlyDictionary<string, IReadOnlyList<string>>? query = null, IReadOnlyDictionary<string, string>? route = null) => new()
    {
        Operation = operation,
        Method = "GET",
        Path = path,
        Query = query ?? new Dictionary<string, IReadOnlyList<string>>(),
        RouteValues = route ?? new Dictionary<string, string>(),
        Sender = Sender,
        ReceivedAt = ReceivedAt,
    };

    public static LegacyRequest Form(string form) => new()
    {
        Operation = "token",
        Method = "POST",
        Path = "/oauth/token",
        ContentType = "application/x-www-form-urlencoded",
        Body = Encoding.UTF8.GetBytes(form),
        Sender = Sender,
        ReceivedAt = ReceivedAt,
    };

    /// <summary>A golden request.json: a PMRS visit body, or a description of a GET or form request.</summary>
    public static LegacyRequest FromGolden(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return Visit(json);
        }

        if (node is JsonObject request && request["method"] is not null)
        {
            var operation = request["operation"]!.GetValue<string>();
            if (request["form"] is { } form)
            {
                return Form(form.GetValue<string>());
            }

            var query = request["query"]!.AsObject().ToDictionary(p => p.Key, p => (IReadOnlyList<string>)[.. p.Value!.AsArray().Select(v => v!.GetValue<string>())]);
            var route = request["route"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
            return Get(operation, request["path"]!.GetValue<string>(), query, route);
        }

        return Visit(json);
    }

    public Task<InboundMapping> MapAsync(LegacyRequest request) => Adapter.MapRequestAsync(request, CancellationToken.None).AsTask();

    public static Resource ParseFhir(string json) => new FhirJsonDeserializer(new DeserializerSettings()).DeserializeResource(json);

    public static JsonNode ToNode(Resource resource) => JsonNode.Parse(JsonSerializer.Serialize(resource, FhirJson))!;

    /// <summary>Every error of the validator for one interaction, as readable lines (empty when valid).</summary>
    public IReadOnlyList<string> ValidationErrors(FhirInteraction interaction) =>
        interaction.Resource is null
            ? []
            : [.. Validator.Validate(interaction.Resource, interaction.Profile).Errors.Select(i => $"{interaction.Purpose}: {i.Path}: {i.Message}")];

    /// <summary>What the registry policy would remove from a registry-bound interaction (must be nothing).</summary>
    public IReadOnlyList<string> RemovedByPolicy(FhirInteraction interaction)
    {
        if (interaction.Resource is null)
        {
            return [];
        }

        var receiver = interaction.Destination == Destination.Registry ? Registry : interaction.Operator!;
        var decision = Policies.Apply(interaction.Resource, Sender, receiver, interaction.PolicyInteraction);
        return decision.PolicyId is null ? [$"no policy covers {interaction.PolicyInteraction} to {receiver}"] : decision.RemovedPaths;
    }

    public void Dispose() => _services.Dispose();
}

[CollectionDefinition(Name)]
public sealed class PmrsCollection : ICollectionFixture<PmrsFixture>
{
    public const string Name = "pmrs";
}
