using Interop.Signatures.Messages;
using Microsoft.AspNetCore.Http.Features;

namespace Interop.Gateway.Signing;

/// <summary>The request ASP.NET Core received, as the signature library sees it: the path and query exactly as on the wire.</summary>
internal static class ServerMessages
{
    public static HttpMessage FromRequest(HttpContext http, ReadOnlyMemory<byte> body)
    {
        var request = http.Request;
        var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw && raw[0] == '/'
            ? raw
            : request.PathBase.Add(request.Path).ToUriComponent() + request.QueryString.ToUriComponent();
        var queryStart = target.IndexOf('?', StringComparison.Ordinal);
        var path = queryStart < 0 ? target : target[..queryStart];
        var query = queryStart < 0 ? null : target[(queryStart + 1)..];
        var headers = new HttpFields();
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                if (value is not null)
                {
                    headers.Add(name, value);
                }
            }
        }

        return HttpMessage.Request(request.Method, request.Scheme, request.Host.Value ?? "", path, query, headers, body);
    }
}
