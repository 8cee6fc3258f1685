using Interop.Signatures.Messages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Interop.Signatures.AspNetCore;

/// <summary>A request ASP.NET Core received, as the signature library verifies it.</summary>
public static class HttpContextMessages
{
    /// <summary>
    /// The request with its path and query exactly as they came on the wire (the server's raw target, percent-encoding
    /// kept), every header, and the body already read.
    /// </summary>
    /// <param name="http">The request's context.</param>
    /// <param name="body">The request body.</param>
    public static HttpMessage FromRequest(HttpContext http, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(http);
        var request = http.Request;
        var rawTarget = http.Features.Get<IHttpRequestFeature>()?.RawTarget;

        // An origin-form target ("/path?query") is what the sender signed; anything else (absolute or asterisk form)
        // falls back to the decoded path, encoded again.
        var target = rawTarget is { Length: > 0 } && rawTarget[0] == '/'
            ? rawTarget
            : string.Concat(request.PathBase.Add(request.Path).ToUriComponent(), request.QueryString.ToUriComponent());
        var split = target.IndexOf('?', StringComparison.Ordinal);

        var fields = new HttpFields();
        foreach (var header in request.Headers)
        {
            foreach (var value in header.Value.Where(v => v is not null))
            {
                fields.Add(header.Key, value!);
            }
        }

        return HttpMessage.Request(
            request.Method,
            request.Scheme,
            request.Host.Value ?? "",
            split < 0 ? target : target[..split],
            split < 0 ? null : target[(split + 1)..],
            fields,
            body);
    }
}
