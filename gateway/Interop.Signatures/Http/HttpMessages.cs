using System.Net.Http.Headers;
using Interop.Signatures.Messages;

namespace Interop.Signatures.Http;

/// <summary>Converts <see cref="HttpRequestMessage"/> and <see cref="HttpResponseMessage"/> to the <see cref="HttpMessage"/> that is signed or verified.</summary>
public static class HttpMessages
{
    /// <summary>The request as signed: method, absolute URI (escaped form), request and content headers, and the body.</summary>
    /// <param name="request">The request; its URI must be absolute.</param>
    /// <param name="body">The body bytes (empty when none).</param>
    /// <exception cref="ArgumentException">The request URI is missing or relative.</exception>
    public static HttpMessage FromRequest(HttpRequestMessage request, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(body);
        if (request.RequestUri is not { IsAbsoluteUri: true } uri)
        {
            throw new ArgumentException("the request needs an absolute URI", nameof(request));
        }

        return HttpMessage.Request(request.Method.Method, uri, Fields(request.Headers, request.Content?.Headers), body);
    }

    /// <summary>The response as verified: status, response and content headers, body, and the request it answers.</summary>
    /// <param name="response">The response.</param>
    /// <param name="body">The body bytes (empty when none).</param>
    /// <param name="request">The signed request it answers (for components with <c>req</c>).</param>
    public static HttpMessage FromResponse(HttpResponseMessage response, byte[] body, HttpMessage request)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(body);
        return HttpMessage.Response((int)response.StatusCode, Fields(response.Headers, response.Content?.Headers), request, body);
    }

    private static HttpFields Fields(HttpHeaders headers, HttpHeaders? contentHeaders)
    {
        var fields = new HttpFields();
        foreach (var collection in contentHeaders is null ? [headers] : new[] { headers, contentHeaders })
        {
            foreach (var (name, values) in collection.NonValidated)
            {
                fields.Add(name, values.ToString());
            }
        }

        return fields;
    }
}
