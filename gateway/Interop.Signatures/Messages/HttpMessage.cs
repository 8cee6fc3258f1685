namespace Interop.Signatures.Messages;

/// <summary>
/// An HTTP request or response as RFC 9421 sees it: the parts that derived components read
/// (method, target URI, status), the header and trailer fields, the content for digest checks,
/// and, for a response, the request it answers (for components with the <c>req</c> parameter).
/// </summary>
/// <remarks>
/// Values are taken as received: the path and query stay percent-encoded exactly as on the wire,
/// so the signer and the verifier see the same bytes. Use <c>with</c> to derive a changed copy.
/// </remarks>
public sealed record HttpMessage
{
    private HttpMessage()
    {
    }

    /// <summary>True for a request, false for a response.</summary>
    public bool IsRequest { get; init; }

    /// <summary>The request method, e.g. <c>POST</c> (requests only).</summary>
    public string? Method { get; init; }

    /// <summary>The URI scheme, e.g. <c>https</c> (requests only).</summary>
    public string? Scheme { get; init; }

    /// <summary>The authority (host and non-default port), e.g. <c>example.com</c> (requests only).</summary>
    public string? Authority { get; init; }

    /// <summary>The absolute path, percent-encoded as received, e.g. <c>/foo</c> (requests only).</summary>
    public string? Path { get; init; }

    /// <summary>The query without the leading <c>?</c>, as received; null when the target has no query.</summary>
    public string? Query { get; init; }

    /// <summary>The status code (responses only).</summary>
    public int? Status { get; init; }

    /// <summary>The header fields.</summary>
    public HttpFields Headers { get; init; } = new();

    /// <summary>The trailer fields (components with the <c>tr</c> parameter).</summary>
    public HttpFields Trailers { get; init; } = new();

    /// <summary>The content as received, for Content-Digest checks; null when the caller does not supply it.</summary>
    public ReadOnlyMemory<byte>? Content { get; init; }

    /// <summary>For a response: the request it answers.</summary>
    public HttpMessage? RelatedRequest { get; init; }

    /// <summary>Creates a request from its parts.</summary>
    /// <param name="method">The method, e.g. <c>POST</c>.</param>
    /// <param name="scheme">The scheme, e.g. <c>https</c>.</param>
    /// <param name="authority">The authority, e.g. <c>gateway.example.gov.kh</c>.</param>
    /// <param name="path">The path as received, e.g. <c>/fhir/Claim</c>.</param>
    /// <param name="query">The query without <c>?</c>, or null.</param>
    /// <param name="headers">The header fields.</param>
    /// <param name="content">The content, or null when not checked.</param>
    public static HttpMessage Request(string method, string scheme, string authority, string path, string? query, HttpFields headers, ReadOnlyMemory<byte>? content = null) =>
        new()
        {
            IsRequest = true,
            Method = method,
            Scheme = scheme,
            Authority = authority,
            Path = path,
            Query = query,
            Headers = headers,
            Content = content,
        };

    /// <summary>Creates a request from an absolute target URI (its escaped form is used).</summary>
    /// <remarks>
    /// <see cref="Uri"/> normalizes the path and query (e.g. <c>%2D</c> becomes <c>-</c>). When verifying a
    /// received request, use the overload taking the parts with the raw request target as received.
    /// </remarks>
    public static HttpMessage Request(string method, Uri targetUri, HttpFields headers, ReadOnlyMemory<byte>? content = null)
    {
        ArgumentNullException.ThrowIfNull(targetUri);
        var query = targetUri.GetComponents(UriComponents.Query, UriFormat.UriEscaped);
        return Request(
            method,
            targetUri.Scheme,
            targetUri.GetComponents(UriComponents.NormalizedHost | UriComponents.Port, UriFormat.UriEscaped),
            targetUri.GetComponents(UriComponents.Path | UriComponents.KeepDelimiter, UriFormat.UriEscaped),
            targetUri.Query.Length == 0 ? null : query,
            headers,
            content);
    }

    /// <summary>Creates a response.</summary>
    /// <param name="status">The status code.</param>
    /// <param name="headers">The header fields.</param>
    /// <param name="relatedRequest">The request this response answers, or null.</param>
    /// <param name="content">The content, or null when not checked.</param>
    public static HttpMessage Response(int status, HttpFields headers, HttpMessage? relatedRequest = null, ReadOnlyMemory<byte>? content = null) =>
        new()
        {
            IsRequest = false,
            Status = status,
            Headers = headers,
            RelatedRequest = relatedRequest,
            Content = content,
        };
}
