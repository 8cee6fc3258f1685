using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Interop.Gateway.Benchmarks;

/// <summary>
/// The fast upstream: Kestrel on loopback answering fixed bytes at once, as the registry (<c>/registry/fhir/</c>), the
/// PCA and the NSSF (<c>/pca/fhir/</c>, <c>/nssf/fhir/</c>), and as the legacy server the plain forwarder forwards to.
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

    public static async Task<StubUpstream> StartAsync()
    {
        var app = Loopback.CreateBuilder().Build();
        app.MapPost("/{op}/fhir/Patient/$register", (HttpContext http) => Answer(http, Registered));
        app.MapPut("/{op}/fhir/Encounter/{id}", (HttpContext http) => Answer(http, Stored));
        app.MapPost("/{op}/fhir/Claim/$submit", (HttpContext http) => Answer(http, Assessed));
        app.MapGet("/{op}/fhir/metadata", (HttpContext http) => Answer(http, Stored));
        app.MapPost("/api/v1/external/visits", (HttpContext http) => Answer(http, Assessed)); // the plain forwarder's destination
        return new StubUpstream(app, await Loopback.StartAsync(app));
    }

    private static async Task Answer(HttpContext http, byte[] body)
    {
        // Drain the request first, as a real server reads what it is sent.
        await http.Request.Body.CopyToAsync(Stream.Null);
        http.Response.ContentType = "application/fhir+json";
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
