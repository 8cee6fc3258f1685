using System.CommandLine;
using System.Net.Http.Headers;
using System.Text;
using Interop.Signatures.Http;
using Interop.Signatures.Keys;

namespace Interop.Cli;

/// <summary><c>sign</c> (print the signed request's headers) and <c>send</c> (sign, send, print the answer, verify its signature).</summary>
internal static class SignCommands
{
    public static Command CreateSign(TextWriter output)
    {
        var options = new RequestOptions();
        var command = new Command("sign", "Sign a request and print it as HTTP/1.1: request line, headers (add them to any HTTP client), body");
        options.AddTo(command);
        command.SetAction((parsed, cancellationToken) => SignAsync(output, options.Read(parsed), cancellationToken));
        return command;
    }

    public static Command CreateSend(TextWriter output)
    {
        var options = new RequestOptions();
        var trust = new Option<FileInfo>("--trust") { Description = "A JWKS of the server's public keys: verify the response signature" };
        var trustMember = new Option<string>("--trust-member") { Description = "The member owning the --trust keys (for messages)", DefaultValueFactory = _ => "server" };
        var command = new Command("send", "Sign and send a request (curl-like); print status, headers and body; verify the response signature with --trust") { trust, trustMember };
        options.AddTo(command);
        command.SetAction((parsed, cancellationToken) => SendAsync(
            output,
            options.Read(parsed),
            parsed.GetValue(trust),
            parsed.GetRequiredValue(trustMember),
            cancellationToken));
        return command;
    }

    private static async Task<int> SignAsync(TextWriter output, SignRequest request, CancellationToken cancellationToken)
    {
        using var key = CliKeys.LoadPrivate(request.KeyFile, request.KeyId);
        using var message = request.ToMessage();
        using var invoker = new HttpMessageInvoker(new SigningHandler(HandlerOptions(key, request), new CapturingHandler()));
        using var response = await invoker.SendAsync(message, cancellationToken).ConfigureAwait(false);

        // The whole message as HTTP/1.1, so `interop verify --request` reads it back.
        var uri = message.RequestUri!;
        await output.WriteLineAsync($"{message.Method} {uri.PathAndQuery} HTTP/1.1").ConfigureAwait(false);
        await output.WriteLineAsync($"Host: {uri.Authority}").ConfigureAwait(false);
        await WriteHeadersAsync(output, message.Headers, message.Content?.Headers).ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
        if (request.Body is { } body)
        {
            await output.WriteAsync(Encoding.UTF8.GetString(body)).ConfigureAwait(false);
        }

        if (request.ShowBase)
        {
            await output.WriteLineAsync().ConfigureAwait(false);
            await output.WriteLineAsync("# signature base").ConfigureAwait(false);
            await output.WriteLineAsync(SigningHandler.EvidenceOf(message)[0].SignatureBase).ConfigureAwait(false);
        }

        return InteropCli.Ok;
    }

    private static async Task<int> SendAsync(TextWriter output, SignRequest request, FileInfo? trust, string trustMember, CancellationToken cancellationToken)
    {
        using var key = CliKeys.LoadPrivate(request.KeyFile, request.KeyId);
        var options = HandlerOptions(key, request);
        options.ResponseKeys = trust is null ? null : CliKeys.LoadTrust(trust, trustMember);
        using var message = request.ToMessage();
        using var client = new HttpClient(new SigningHandler(options, new SocketsHttpHandler()));
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"cannot send to {message.RequestUri}: {e.Message}", e);
        }

        using (response)
        {
            await output.WriteLineAsync($"HTTP/{response.Version} {(int)response.StatusCode} {response.ReasonPhrase}").ConfigureAwait(false);
            await WriteHeadersAsync(output, response.Headers, response.Content.Headers).ConfigureAwait(false);
            await output.WriteLineAsync().ConfigureAwait(false);
            await output.WriteLineAsync(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        }

        if (trust is null)
        {
            return InteropCli.Ok;
        }

        var evidence = SigningHandler.EvidenceOf(message)[^1];
        await output.WriteLineAsync().ConfigureAwait(false);
        var valid = evidence.Verdict == "valid";
        await output.WriteLineAsync(valid
            ? $"response signature: valid (keyid {evidence.KeyId}, {evidence.Algorithm})"
            : $"response signature: refused: {evidence.Verdict}").ConfigureAwait(false);
        return valid ? InteropCli.Ok : InteropCli.Refused;
    }

    private static SigningHandlerOptions HandlerOptions(SignatureKey key, SignRequest request) => new()
    {
        Key = key,
        MemberId = request.Member,
    };

    private static async Task WriteHeadersAsync(TextWriter output, HttpHeaders headers, HttpHeaders? contentHeaders)
    {
        foreach (var collection in new[] { headers, contentHeaders })
        {
            foreach (var (name, values) in collection?.NonValidated ?? default)
            {
                await output.WriteLineAsync($"{name}: {values}").ConfigureAwait(false);
            }
        }
    }

    /// <summary>The options <c>sign</c> and <c>send</c> share.</summary>
    private sealed class RequestOptions
    {
        private readonly Option<FileInfo> _key = new("--key") { Description = "The member's private JWK (or PKCS#8 PEM with --kid)", Required = true };
        private readonly Option<string> _kid = new("--kid") { Description = "The key id, when --key is a PEM" };
        private readonly Option<string> _member = new("--member") { Description = "The sending member id, sent as X-Member-Id", Required = true };
        private readonly Option<string> _method = new("--method", "-X") { Description = "The method", DefaultValueFactory = _ => "POST" };
        private readonly Option<string> _url = new("--url") { Description = "The absolute request URL", Required = true };
        private readonly Option<FileInfo> _body = new("--body", "-d") { Description = "A file holding the request body" };
        private readonly Option<string> _contentType = new("--content-type") { Description = "The body's media type", DefaultValueFactory = _ => "application/json" };
        private readonly Option<bool> _showBase = new("--show-base") { Description = "Also print the signature base" };

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { _key, _kid, _member, _method, _url, _body, _contentType, _showBase })
            {
                command.Add(option);
            }
        }

        public SignRequest Read(ParseResult parsed)
        {
            var text = parsed.GetRequiredValue(_url);
            if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                throw new CliException($"--url '{text}' is not an absolute http(s) URL");
            }

            var body = parsed.GetValue(_body);
            byte[]? content;
            try
            {
                content = body is null ? null : File.ReadAllBytes(body.FullName);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"cannot read --body: {e.Message}", e);
            }

            return new SignRequest(
                parsed.GetRequiredValue(_key),
                parsed.GetValue(_kid),
                parsed.GetRequiredValue(_member),
                parsed.GetRequiredValue(_method).ToUpperInvariant(),
                url,
                content,
                parsed.GetRequiredValue(_contentType),
                parsed.GetValue(_showBase));
        }
    }

    private sealed record SignRequest(FileInfo KeyFile, string? KeyId, string Member, string Method, Uri Url, byte[]? Body, string ContentType, bool ShowBase)
    {
        public HttpRequestMessage ToMessage()
        {
            var message = new HttpRequestMessage(new HttpMethod(Method), Url);
            if (Body is not null)
            {
                message.Content = new ByteArrayContent(Body);
                message.Content.Headers.ContentType = MediaTypeHeaderValue.TryParse(ContentType, out var mediaType)
                    ? mediaType
                    : throw new CliException($"--content-type '{ContentType}' is not a media type");
            }

            return message;
        }
    }

    /// <summary>Stands in for the network when only signing: answers 204 without sending anything.</summary>
    private sealed class CapturingHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.NoContent) { RequestMessage = request, Content = new ByteArrayContent(Encoding.UTF8.GetBytes(string.Empty)) });
    }
}
