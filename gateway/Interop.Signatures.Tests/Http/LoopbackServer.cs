using System.Net;
using Interop.Signatures.Messages;
using Interop.Testing;

namespace Interop.Signatures.Tests.Http;

/// <summary>
/// A real HTTP/1.1 server on 127.0.0.1 (HttpListener) that hands each request, as received on the wire
/// (raw path and query), to a <see cref="MemberServer"/>. It serves until disposed.
/// </summary>
internal sealed class LoopbackServer : IDisposable
{
    private readonly HttpListener _listener;
    private readonly MemberServer _server;
    private readonly Task _loop;

    public LoopbackServer(MemberServer server)
    {
        _server = server;
        (_listener, BaseAddress) = LoopbackPorts.Start(1, ports =>
        {
            var listener = new HttpListener();
            var address = new Uri($"http://127.0.0.1:{ports[0]}/");
            listener.Prefixes.Add(address.ToString());
            try
            {
                listener.Start();
                return (listener, address);
            }
            catch
            {
                listener.Close();
                throw;
            }
        });
        _loop = Task.Run(ServeAsync);
    }

    public Uri BaseAddress { get; }

    public void Dispose()
    {
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            await AnswerAsync(context);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(buffer);
        var headers = new HttpFields();
        foreach (var name in context.Request.Headers.AllKeys.OfType<string>())
        {
            headers.Add(name, context.Request.Headers[name] ?? "");
        }

        var target = context.Request.RawUrl ?? "/";
        var queryStart = target.IndexOf('?', StringComparison.Ordinal);
        var request = HttpMessage.Request(
            context.Request.HttpMethod,
            "http",
            context.Request.Headers["Host"] ?? BaseAddress.Authority,
            queryStart < 0 ? target : target[..queryStart],
            queryStart < 0 ? null : target[(queryStart + 1)..],
            headers,
            buffer.ToArray());

        var (status, responseHeaders, body) = await _server.AnswerAsync(request);
        var response = context.Response;
        response.StatusCode = status;
        foreach (var (name, value) in responseHeaders)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                response.ContentType = value;
            }
            else
            {
                response.Headers.Add(name, value);
            }
        }

        response.ContentLength64 = body.Length;
        await response.OutputStream.WriteAsync(body);
        response.Close();
    }
}
