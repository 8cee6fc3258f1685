using Interop.Gateway.Fhir;
using Interop.Gateway.Signing;
using Interop.Signatures.Trust;
using Microsoft.Extensions.Options;

namespace Interop.Gateway.Hosting;

/// <summary>A sandbox upstream's member and key (configuration <c>Sandbox:UpstreamKeys:{alias}</c>, alias as in <c>/sandbox/{alias}/fhir</c>).</summary>
internal sealed class SandboxUpstreamKey
{
    public string Member { get; set; } = "";

    public SigningKeyOptions Key { get; set; } = new();
}

/// <summary>
/// The sandbox upstreams behave like real members when the gateway runs in central mode: each refuses a request the
/// gateway did not sign (FHIR OperationOutcome, 401) and signs its answers with its own (test) key, bound to the request.
/// </summary>
internal static class SandboxSigning
{
    public static WebApplication UseSandboxSigning(this WebApplication app)
    {
        var signing = app.Services.GetRequiredService<IOptions<SigningOptions>>().Value;
        if (!app.Configuration.GetValue<bool>("Sandbox:Enabled") || signing.Mode != SigningMode.Central)
        {
            return app;
        }

        var root = app.Environment.ContentRootPath;
        var upstreams = (app.Configuration.GetSection("Sandbox:UpstreamKeys").Get<Dictionary<string, SandboxUpstreamKey>>() ?? [])
            .ToDictionary(kv => $"/sandbox/{kv.Key}/fhir", kv => (kv.Value.Member, Key: SigningKeyLoader.Load(kv.Value.Key, root)), StringComparer.OrdinalIgnoreCase);
        var signatures = app.Services.GetRequiredService<MessageSignatures>();
        app.Use(async (http, next) =>
        {
            var prefix = upstreams.Keys.FirstOrDefault(p => http.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));
            if (prefix is null)
            {
                await next(http);
                return;
            }

            var (member, key) = upstreams[prefix];
            var body = await LimitedBody.ReadAsync(http.Request, 64 * 1024 * 1024, http.RequestAborted) ?? [];
            var check = await signatures.VerifyInboundAsync(http, body, "sandbox:" + prefix.Split('/')[2], http.RequestAborted);
            if (!check.IsValid)
            {
                await FhirResults.Outcome(StatusCodes.Status401Unauthorized, Hl7.Fhir.Model.OperationOutcome.IssueType.Security, $"{check.RefusalCode}: {check.RefusalMessage}").ExecuteAsync(http);
                return;
            }

            http.Request.Body = new MemoryStream(body, writable: false);
            var original = http.Response.Body;
            using var answer = new MemoryStream();
            http.Response.Body = answer;
            try
            {
                await next(http);
            }
            finally
            {
                http.Response.Body = original;
            }

            var bytes = answer.ToArray();
            if (signatures.SignAnswer(check, http.Response.StatusCode, http.Response.ContentType ?? "", bytes, key) is { } signed)
            {
                foreach (var (name, value) in signed.Headers)
                {
                    http.Response.Headers[name] = value;
                }
            }

            http.Response.ContentLength = bytes.Length;
            await original.WriteAsync(bytes, http.RequestAborted);
        });
        return app;
    }
}
