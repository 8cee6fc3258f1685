using System.Text.Json;
using Interop.Contracts.Adapters;
using Interop.Contracts.Mapping;
using Interop.Gateway.Pipeline;

namespace Interop.Gateway.Authentication;

/// <summary>
/// The OAuth 2.0 token endpoint of routes whose flow is <see cref="InteropFlow.Authentication"/> (PMRS <c>POST /oauth/token</c>):
/// password grant and refresh grant, answered exactly as PMRS2 publishes; refusals in the adapter's own format.
/// Credentials are never logged or recorded.
/// </summary>
internal static partial class TokenEndpoint
{
    /// <summary>The largest token request read (credentials and a refresh token fit many times over).</summary>
    public const int MaxRequestBytes = 16 * 1024;

    public static async Task HandleAsync(HttpContext http, ILegacyAdapter adapter, LegacyRoute route, TokenService tokens, GatewayErrors errors, TimeProvider clock, ILogger<TokenService> logger)
    {
        var request = new LegacyRequest
        {
            Operation = route.Operation,
            Method = http.Request.Method,
            Path = http.Request.Path.Value ?? "/",
            ContentType = http.Request.ContentType?.Split(';')[0].Trim(),
            Sender = adapter.Manifest.OperatorSystem,
            ReceivedAt = clock.GetUtcNow(),
        };

        if (!http.Request.HasFormContentType)
        {
            await WriteAsync(http, adapter.RenderError(request, errors.Create("unsupported-media-type", "Send the token request as application/x-www-form-urlencoded.")));
            return;
        }

        // A token request is a few fields: read at most MaxRequestBytes, and a form that cannot be read is the caller's error.
        var body = await Hosting.LimitedBody.ReadAsync(http.Request, MaxRequestBytes, http.RequestAborted);
        if (body is null)
        {
            await WriteAsync(http, adapter.RenderError(request, errors.Create("body-too-large", $"A token request is at most {MaxRequestBytes / 1024} KB.")));
            return;
        }

        http.Request.Body = new MemoryStream(body, writable: false);
        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The body is in memory: whatever the form reader throws (a bad encoding, a truncated multipart part) is about the form.
            await WriteAsync(http, adapter.RenderError(request, errors.Create("message-not-well-formed", "The token request is not a form that can be read.")));
            return;
        }

        string Field(string name) => form[name].ToString();
        var grantType = Field("grant_type");
        var required = grantType switch
        {
            "password" => new[] { "username", "password", "client_id", "client_secret" },
            "refresh_token" => ["refresh_token", "client_id", "client_secret"],
            _ => [],
        };
        var missing = required.Where(f => Field(f).Length == 0).Select(f => new FieldError(f, "missing-value", $"The {f} field is required.")).ToList();
        if (required.Length == 0)
        {
            missing.Add(new FieldError("grant_type", "unknown-code", "grant_type is password or refresh_token.", grantType));
        }

        if (missing.Count > 0)
        {
            await WriteAsync(http, adapter.RenderError(request, errors.Create(missing[0].Code, "The given data was invalid.", missing)));
            return;
        }

        var grant = grantType == "password"
            ? tokens.PasswordGrant(Field("client_id"), Field("client_secret"), Field("username"), Field("password"))
            : tokens.RefreshGrant(Field("client_id"), Field("client_secret"), Field("refresh_token"));
        LogGrant(logger, adapter.Manifest.Id, grantType, grant is not null);
        if (grant is null)
        {
            await WriteAsync(http, adapter.RenderError(request, errors.Create("unauthenticated", "The client or user credentials are incorrect.")));
            return;
        }

        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.Headers.CacheControl = "no-store";
        await http.Response.WriteAsJsonAsync(new Dictionary<string, object>
        {
            ["access_token"] = grant.AccessToken,
            ["refresh_token"] = grant.RefreshToken,
            ["token_type"] = "Bearer",
            ["expires_in"] = grant.ExpiresIn,
        }, JsonSerializerOptions.Default, http.RequestAborted);
    }

    private static async Task WriteAsync(HttpContext http, LegacyResponse response)
    {
        http.Response.StatusCode = response.StatusCode;
        http.Response.ContentType = response.ContentType;
        await http.Response.Body.WriteAsync(response.Body, http.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Token grant {GrantType} for adapter {Adapter}: {Granted}")]
    private static partial void LogGrant(ILogger logger, string adapter, string grantType, bool granted);
}
