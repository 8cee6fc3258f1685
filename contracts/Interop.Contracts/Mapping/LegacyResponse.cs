namespace Interop.Contracts.Mapping;

/// <summary>The legacy answer an adapter builds: status, media type and body bytes, exactly as the client expects them.</summary>
/// <param name="StatusCode">The HTTP status.</param>
/// <param name="ContentType">The media type with charset (<c>application/json; charset=utf-8</c>).</param>
/// <param name="Body">The body bytes.</param>
public sealed record LegacyResponse(int StatusCode, string ContentType, ReadOnlyMemory<byte> Body);

/// <summary>
/// A refusal decided by the gateway rather than by the adapter's mapping (authentication, signature, size,
/// rate limit, an upstream that could not answer); the adapter renders it in its legacy format.
/// </summary>
/// <param name="Code">A code of the gateway-error CodeSystem (<c>upstream-unavailable</c>, <c>unauthenticated</c>, ...).</param>
/// <param name="HttpStatus">The HTTP status the gateway-error CodeSystem gives that code.</param>
/// <param name="Message">One sentence for a person; never personal data.</param>
/// <param name="Fields">Field errors, when the refusal is about fields.</param>
public sealed record GatewayError(string Code, int HttpStatus, string Message, IReadOnlyList<FieldError>? Fields = null);
