namespace Interop.Contracts.Mapping;

/// <summary>A legacy request as the gateway received it, after size and content-type checks.</summary>
public sealed record LegacyRequest
{
    /// <summary>The route's <see cref="Adapters.LegacyRoute.Operation"/>.</summary>
    public required string Operation { get; init; }

    /// <summary>The HTTP method.</summary>
    public required string Method { get; init; }

    /// <summary>The request path, as sent.</summary>
    public required string Path { get; init; }

    /// <summary>Values captured by the route template (for example <c>visit_code</c>).</summary>
    public IReadOnlyDictionary<string, string> RouteValues { get; init; } = new Dictionary<string, string>();

    /// <summary>Query parameters; a parameter sent several times keeps every value in order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Query { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Request headers the adapter may need (for example <c>X-Facility-Code</c>); names are case-insensitive.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The request's media type, without parameters, or <see langword="null"/> when there is no body.</summary>
    public string? ContentType { get; init; }

    /// <summary>The raw body bytes (possibly empty). Adapters parse it themselves and must not throw on bad input.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>The member that sent the request (for an edge, the member it runs for).</summary>
    public required string Sender { get; init; }

    /// <summary>When the gateway received the request.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The first value of a query parameter, or <see langword="null"/>.</summary>
    /// <param name="name">The parameter name, case-sensitive as legacy APIs are.</param>
    /// <returns>The first value or <see langword="null"/>.</returns>
    public string? QueryValue(string name) =>
        Query.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;
}
