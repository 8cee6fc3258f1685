namespace Interop.Contracts.Adapters;

/// <summary>One legacy endpoint an adapter serves, exactly as the legacy client calls it.</summary>
public sealed record LegacyRoute
{
    /// <summary>The adapter's own name for the operation (for example <c>visit-submit</c>), unique within the adapter.</summary>
    public required string Operation { get; init; }

    /// <summary>The HTTP method, upper case (<c>GET</c>, <c>POST</c>).</summary>
    public required string Method { get; init; }

    /// <summary>
    /// The path as ASP.NET Core route template, starting with <c>/</c>
    /// (for example <c>/api/v1/external/visits/{visit_code}/status</c>).
    /// </summary>
    public required string PathTemplate { get; init; }

    /// <summary>The flow the gateway runs for this route.</summary>
    public required InteropFlow Flow { get; init; }

    /// <summary>
    /// Media types the route accepts for a request body (for example <c>application/json</c>).
    /// Empty for routes without a body. Anything else is refused before the adapter sees it.
    /// </summary>
    public IReadOnlyList<string> RequestContentTypes { get; init; } = [];

    /// <summary>The media type of the legacy answer (default <c>application/json</c>).</summary>
    public string ResponseContentType { get; init; } = "application/json";

    /// <summary>
    /// How the legacy client authenticates at an edge gateway. Default:
    /// <see cref="LegacyAuthentication.None"/> (the route is open, or the member's network is trusted).
    /// </summary>
    public LegacyAuthentication Authentication { get; init; } = LegacyAuthentication.None;

    /// <summary>
    /// Largest request body accepted, in bytes. Default 1 MiB; batch routes raise it
    /// (an H-SPIS batch of 5,000 claims is several megabytes).
    /// </summary>
    public long MaxRequestBytes { get; init; } = 1024 * 1024;

    internal IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Operation))
        {
            yield return "Operation is required.";
        }

        if (Method is not ("GET" or "POST" or "PUT" or "DELETE" or "PATCH"))
        {
            yield return $"Method '{Method}' must be one of GET, POST, PUT, DELETE, PATCH (upper case).";
        }

        if (string.IsNullOrWhiteSpace(PathTemplate) || !PathTemplate.StartsWith('/'))
        {
            yield return $"PathTemplate '{PathTemplate}' must start with '/'.";
        }

        if (MaxRequestBytes <= 0)
        {
            yield return "MaxRequestBytes must be positive.";
        }

        if (Method is "POST" or "PUT" or "PATCH" && RequestContentTypes.Count == 0)
        {
            yield return $"{Method} routes must declare RequestContentTypes.";
        }
    }
}
