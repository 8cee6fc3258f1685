namespace Interop.Conformance.Fixtures;

/// <summary>
/// How a case's request arrives (<c>case.json</c>): the manifest operation and, where they differ from the route's
/// defaults, the method, path, query, route values, headers, content type, sender and reception time.
/// The body is the case's <c>request.*</c> file.
/// </summary>
public sealed record RequestEnvelope
{
    /// <summary>The manifest route's <c>Operation</c>. Optional when the adapter has a single route.</summary>
    public string? Operation { get; init; }

    /// <summary>The HTTP method. Default: the route's.</summary>
    public string? Method { get; init; }

    /// <summary>The request path. Default: the route's template with <see cref="Route"/> values filled in.</summary>
    public string? Path { get; init; }

    /// <summary>Query parameters, each with its values in order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Query { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Route template values (<c>visit_code</c>).</summary>
    public IReadOnlyDictionary<string, string> Route { get; init; } = new Dictionary<string, string>();

    /// <summary>Request headers.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The media type of the body. Default: the route's first accepted media type.</summary>
    public string? ContentType { get; init; }

    /// <summary>The sending member. Default: the setup's sender.</summary>
    public string? Sender { get; init; }

    /// <summary>When the gateway received the request. Default: the setup's reception time.</summary>
    public DateTimeOffset? ReceivedAt { get; init; }

    /// <summary>Whether the request has no body (a <c>GET</c>); then no <c>request.*</c> file is read.</summary>
    public bool NoBody { get; init; }

    /// <summary>Reads an envelope from JSON text (camelCase; comments and trailing commas allowed).</summary>
    /// <param name="json">The JSON.</param>
    /// <returns>The envelope.</returns>
    /// <exception cref="FixtureException">The JSON is not an envelope.</exception>
    public static RequestEnvelope Parse(string json)
    {
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<RequestEnvelope>(json, FixtureJson.Options) ?? throw new FixtureException("The request envelope is null.");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new FixtureException($"The request envelope cannot be read: {e.Message}", e);
        }
    }
}
