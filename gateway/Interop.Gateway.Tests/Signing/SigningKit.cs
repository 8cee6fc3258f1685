using Interop.Signatures.Http;
using Interop.Signatures.Keys;
using Interop.Signatures.Trust;
using Interop.Signatures.Verification;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Interop.Gateway.Tests.Signing;

/// <summary>The sandbox's test keys and the settings of a central gateway that trusts them (test material only).</summary>
internal static class SigningKit
{
    public const string Gateway = "KH/GOV/NSPC/GATEWAY";
    public const string Pmrs = "KH/GOV/MOH/PMRS-120101";
    public const string Hspis = "KH/GOV/NSSF/HSPIS";

    public static string Keys { get; } = Path.Combine(RepositoryRoot(), "gateway", "Interop.Gateway", "sandbox-keys");

    public static SignatureKey PmrsKey { get; } = Load("pmrs-120101", "sandbox-pmrs-120101-2026-01");

    public static SignatureKey HspisKey { get; } = Load("nssf", "sandbox-nssf-2026-01");

    public static SignatureKey Load(string name, string kid) =>
        SigningKeyLoader.Load(new SigningKeyOptions { KeyFile = Path.Combine(Keys, $"{name}.TEST-KEY-NOT-FOR-PRODUCTION.jwk.json"), KeyId = kid });

    /// <summary>Central mode, signing with the sandbox gateway key, trusting the PMRS 120101 edge (PMRS routes) and H-SPIS (H-SPIS routes).</summary>
    public static (string Key, string Value)[] Central(params (string Key, string Value)[] more) =>
    [
        ("Signing:Mode", "Central"),
        ("Signing:Key:KeyId", "sandbox-gateway-2026-01"),
        ("Signing:Key:KeyFile", Path.Combine(Keys, "gateway.TEST-KEY-NOT-FOR-PRODUCTION.jwk.json")),
        ($"Trust:Members:{Gateway}:JwksFile", Path.Combine(Keys, "gateway.jwks.json")),
        ($"Trust:Members:{Gateway}:Routes:0", "*"),
        ($"Trust:Members:{Pmrs}:JwksFile", Path.Combine(Keys, "pmrs-120101.jwks.json")),
        ($"Trust:Members:{Pmrs}:Routes:0", "pmrs:*"),
        ($"Trust:Members:{Hspis}:JwksFile", Path.Combine(Keys, "nssf.jwks.json")),
        ($"Trust:Members:{Hspis}:Routes:0", "hspis:*"),
        .. more,
    ];

    /// <summary>
    /// A client of the in-memory gateway that signs as <paramref name="member"/> with <paramref name="key"/>; <paramref name="after"/> runs after signing (to tamper).
    /// With <paramref name="verifyAnswers"/>, an answer not signed by the gateway's key and bound to the request throws.
    /// </summary>
    public static HttpClient SignedClient<T>(WebApplicationFactory<T> factory, SignatureKey key, string member, TimeProvider? clock = null, DelegatingHandler? after = null, bool verifyAnswers = false)
        where T : class
    {
        var signing = new SigningHandler(new SigningHandlerOptions
        {
            Key = key,
            MemberId = member,
            TimeProvider = clock ?? TimeProvider.System,
            ResponseKeys = verifyAnswers ? new StaticKeyResolver([new ResolvedKey(Load("gateway", "sandbox-gateway-2026-01")) { Owner = Gateway }]) : null,
            RequireSignedResponse = verifyAnswers,
        });
        return after is null ? factory.CreateDefaultClient(signing) : factory.CreateDefaultClient(signing, after);
    }

    public static string RepositoryRoot()
    {
        var folder = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(folder, "Interop.sln")))
        {
            folder = Path.GetDirectoryName(folder) ?? throw new InvalidOperationException("Interop.sln not found above the test output.");
        }

        return folder;
    }
}

/// <summary>Changes a request after it was signed, the way an attacker on the wire would.</summary>
internal sealed class Tamper(Func<HttpRequestMessage, Task> change) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await change(request);
        return await base.SendAsync(request, cancellationToken);
    }
}

/// <summary>Keeps the signature headers of the last request sent through it, to send the very same signed request again (a replay).</summary>
internal sealed class SignatureCapture : DelegatingHandler
{
    private List<KeyValuePair<string, IEnumerable<string>>> _headers = [];

    public HttpRequestMessage Replay(HttpMethod method, string path, HttpContent content)
    {
        var replay = new HttpRequestMessage(method, path) { Content = content };
        foreach (var (name, values) in _headers)
        {
            replay.Headers.TryAddWithoutValidation(name, values);
        }

        return replay;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _headers = [.. request.Headers.Where(h => h.Key.StartsWith("Signature", StringComparison.OrdinalIgnoreCase) || h.Key is "Content-Digest" or "X-Member-Id")];
        return base.SendAsync(request, cancellationToken);
    }
}
