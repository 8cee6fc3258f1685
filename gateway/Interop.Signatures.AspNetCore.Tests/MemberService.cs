using Interop.Signatures.Http;
using Interop.Signatures.Keys;
using Interop.Signatures.Trust;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Interop.Signatures.AspNetCore.Tests;

/// <summary>
/// A small member service on Kestrel (127.0.0.1, a free port) using the library as a host would: <c>/api/echo</c> named
/// <c>svc:echo</c>, <c>/api/unnamed</c> without a route id, <c>/health</c> outside the signed paths. Its own key and a
/// caller's are generated per test (throw-away keys).
/// </summary>
internal sealed class MemberService : IAsyncDisposable
{
    public const string Service = "KH/GOV/TEST/SERVICE";
    public const string Caller = "KH/GOV/TEST/CALLER";

    private readonly WebApplication _app;
    private readonly string _folder;

    private MemberService(WebApplication app, string folder, SignatureKey callerKey, TrustStore servicePublicKey)
    {
        _app = app;
        _folder = folder;
        CallerKey = callerKey;
        ServicePublicKey = servicePublicKey;
    }

    public SignatureKey CallerKey { get; }

    /// <summary>What a caller knows of the service: its public key.</summary>
    public TrustStore ServicePublicKey { get; }

    public Uri BaseAddress => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");

    public IServiceProvider Services => _app.Services;

    public static async Task<MemberService> StartAsync(string mode = "Required")
    {
        var folder = Path.Combine(Path.GetTempPath(), "interop-signed-service-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var service = JwksWriter.GenerateP256("test-service-key");
        var caller = JwksWriter.GenerateP256("test-caller-key");
        await File.WriteAllTextAsync(Path.Combine(folder, "service.private.jwk.json"), service.PrivateJwk);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseSetting("urls", "http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Signing:Mode"] = mode,
            ["Signing:Member"] = Service,
            ["Signing:Key:KeyId"] = service.KeyId,
            ["Signing:Key:KeyFile"] = "service.private.jwk.json", // relative: from the content root given
            ["Signing:Paths:0"] = "/api",
            [$"Trust:Members:{Caller}:Jwks"] = caller.PublicJwks,
            [$"Trust:Members:{Caller}:Routes:0"] = "svc:echo",
            [$"Trust:Members:{Service}:Jwks"] = service.PublicJwks, // its own outgoing calls come back to it in these tests
            [$"Trust:Members:{Service}:Routes:0"] = "svc:*",
        });
        builder.Services.AddSignedExchange(builder.Configuration, folder);
        builder.Services.AddHttpClient("outgoing").AddSignedExchangeHandler();
        var app = builder.Build();
        app.UseSignedExchange();
        app.MapPost("/api/echo", async (HttpRequest request) => Results.Text(await new StreamReader(request.Body).ReadToEndAsync(), "application/json")).WithSignedRoute("svc:echo");
        app.MapGet("/api/unnamed", () => Results.Text("{}", "application/json"));
        app.MapGet("/health", () => Results.Text("ok", "text/plain"));
        await app.StartAsync();
        return new MemberService(app, folder, SigningKeyLoader.Parse(caller.PrivateJwk, caller.KeyId), TrustStore.Load(new TrustStoreOptions
        {
            Members = { [Service] = new TrustedMemberOptions { Jwks = service.PublicJwks } },
        }));
    }

    /// <summary>A client signing as <see cref="Caller"/> and, unless told otherwise, requiring the service's signed, bound answer.</summary>
    public HttpClient CallerClient(bool verifyAnswer = true) => new(new SigningHandler(new SigningHandlerOptions
    {
        Key = CallerKey,
        MemberId = Caller,
        ResponseKeys = verifyAnswer ? ServicePublicKey : null,
        RequireSignedResponse = verifyAnswer,
    }, new SocketsHttpHandler()))
    { BaseAddress = BaseAddress };

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
