using Interop.Signatures.AspNetCore;
using Interop.Signatures.Http;
using Interop.Signatures.Keys;
using Interop.Signatures.Messages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Interop.Gateway.Benchmarks;

/// <summary>
/// The fast upstream: Kestrel on loopback answering fixed bytes at once, as the registry (<c>/registry/fhir/</c>), the
/// PCA and the NSSF (<c>/pca/fhir/</c>, <c>/nssf/fhir/</c>), and as the legacy server the plain forwarder forwards to.
/// With keys, each FHIR upstream signs its answers with its member's key, bound to the request, as a real member does
/// for a gateway in central mode (it does not verify the gateway's signature: a fast upstream).
/// </summary>
internal sealed class StubUpstream : IAsyncDisposable
{
    private static readonly byte[] Registered = """
        {"resourceType":"Parameters","parameter":[
          {"name":"outcome","valueCoding":{"system":"https://fhir.nspc.gov.kh/CodeSystem/registration-outcome","code":"existing"}},
          {"name":"patient","resource":{"resourceType":"Patient","identifier":[{"system":"https://fhir.nspc.gov.kh/sid/spid","value":"402187360512"}]}}]}
        """u8.ToArray();

    private static readonly byte[] Stored = """{"resourceType":"OperationOutcome","issue":[{"severity":"information","code":"informational","details":{"text":"Stored."}}]}"""u8.ToArray();

    private static readonly byte[] Assessed = """
        {"resourceType":"ClaimResponse","status":"active","type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/claim-type","code":"institutional"}]},
         "use":"claim","patient":{"identifier":{"system":"https://fhir.nspc.gov.kh/sid/spid","value":"402187360512"}},"created":"2025-02-14","insurer":{"display":"PCA"},"outcome":"queued"}
        """u8.ToArray();

    private readonly WebApplication _app;

    private StubUpstream(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>Where it listens, ending with <c>/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <param name="keys">Each upstream alias's (<c>registry</c>, <c>pca</c>, <c>nssf</c>) signing key; empty: unsigned answers.</param>
    public static async Task<StubUpstream> StartAsync(IReadOnlyDictionary<string, SignatureKey> keys)
    {
        var signers = keys.ToDictionary(k => k.Key, k => new ResponseSigner(k.Value), StringComparer.Ordinal);
        var app = Loopback.CreateBuilder().Build();
        app.MapPost("/{op}/fhir/Patient/$register", (HttpContext http, string op) => Answer(http, Registered, signers.GetValueOrDefault(op)));
        app.MapPut("/{op}/fhir/Encounter/{id}", (HttpContext http, string op) => Answer(http, Stored, signers.GetValueOrDefault(op)));
        app.MapPost("/{op}/fhir/Claim/$submit", (HttpContext http, string op) => Answer(http, Assessed, signers.GetValueOrDefault(op)));
        app.MapGet("/{op}/fhir/metadata", (HttpContext http, string op) => Answer(http, Stored, signers.GetValueOrDefault(op)));
        app.MapPost("/api/v1/external/visits", (HttpContext http) => Answer(http, Assessed, signer: null)); // the plain forwarder's destination
        return new StubUpstream(app, await Loopback.StartAsync(app));
    }

    private static async Task Answer(HttpContext http, byte[] body, ResponseSigner? signer)
    {
        // Read the request first, as a real server reads what it is sent.
        using var request = new MemoryStream();
        await http.Request.Body.CopyToAsync(request);
        http.Response.ContentType = "application/fhir+json";
        if (signer is not null)
        {
            var headers = new HttpFields().Set("Content-Type", "application/fhir+json");
            signer.Sign(StatusCodes.Status200OK, headers, body, HttpContextMessages.FromRequest(http, request.ToArray()));
            foreach (var (name, value) in headers.Where(h => !h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
            {
                http.Response.Headers.Append(name, value);
            }
        }

        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
