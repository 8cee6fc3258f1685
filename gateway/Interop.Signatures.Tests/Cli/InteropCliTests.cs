using System.Security.Cryptography;
using Interop.Cli;
using Interop.Signatures.Keys;
using Interop.Signatures.Tests.Http;
using Interop.Signatures.Trust;

namespace Interop.Signatures.Tests.Cli;

/// <summary>Each <c>interop</c> command run in-process, with its output captured.</summary>
public sealed class InteropCliTests : IDisposable
{
    private const string Member = "KH/GOV/MOH/PMRS-120101";
    private const string Kid = "pmrs-120101-2026-01";

    private readonly string _dir = Directory.CreateTempSubdirectory("interop-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PublicJwks => Path.Combine(_dir, "keys", Kid + ".jwks.json");

    private string PrivateJwk => Path.Combine(_dir, "keys", Kid + ".private.jwk.json");

    [Fact]
    public async Task Keygen_WritesPublicJwksAndPrivateJwkWithMode600()
    {
        var (code, output, _) = await RunAsync("keygen", "--member", Member, "--kid", Kid, "--out", Path.Combine(_dir, "keys"), "--not-after", "2027-03-01T00:00:00Z");

        Assert.Equal(0, code);
        Assert.Contains(PrivateJwk, output, StringComparison.Ordinal);
        Assert.Contains($"\"{Member}\": {{ \"JwksFile\": \"{Kid}.jwks.json\"", output, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(PrivateJwk));
        }

        var store = TrustStore.Load(Trust(PublicJwks));
        Assert.Equal(new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero), store.Find(Kid)?.NotAfter);
        using var key = SigningKeyLoader.Load(new SigningKeyOptions { KeyFile = PrivateJwk, KeyId = Kid });
        Assert.True(store.Find(Kid)!.Key.Verify("x"u8, key.Sign("x"u8)));
    }

    [Fact]
    public async Task Keygen_ExistingPrivateKeyOrUnsafeKid_RefusesWithUsageError()
    {
        await KeygenAsync();

        var again = await RunAsync("keygen", "--member", Member, "--kid", Kid, "--out", Path.Combine(_dir, "keys"));
        var unsafeKid = await RunAsync("keygen", "--member", Member, "--kid", "../evil", "--out", Path.Combine(_dir, "keys"));

        Assert.Equal((2, true), (again.Code, again.Error.Contains("refusing to overwrite", StringComparison.Ordinal)));
        Assert.Equal((2, true), (unsafeKid.Code, unsafeKid.Error.Contains("--kid '../evil'", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SignThenVerify_PrintedRequestVerifies_AndATamperedOneIsRefused()
    {
        await KeygenAsync();
        var body = WriteBody();
        var requestFile = Path.Combine(_dir, "request.http");

        var (signCode, signed, _) = await RunAsync("sign", "--key", PrivateJwk, "--member", Member, "--url", "https://gateway.nspc.gov.kh/fhir/Claim?_format=json", "--body", body, "--content-type", "application/fhir+json");
        File.WriteAllText(requestFile, signed);
        var valid = await RunAsync("verify", "--trust", PublicJwks, "--request", requestFile);
        File.WriteAllText(requestFile, signed.Replace("/fhir/Claim?", "/fhir/Patient?", StringComparison.Ordinal));
        var tampered = await RunAsync("verify", "--trust", PublicJwks, "--request", requestFile);

        Assert.Equal(0, signCode);
        Assert.StartsWith("POST /fhir/Claim?_format=json HTTP/1.1\nHost: gateway.nspc.gov.kh\nX-Member-Id: KH/GOV/MOH/PMRS-120101\n", signed.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains($"keyid=\"{Kid}\"", signed, StringComparison.Ordinal);
        Assert.Equal(0, valid.Code);
        Assert.StartsWith($"valid: label sig1, keyid {Kid} ({Member})", valid.Output, StringComparison.Ordinal);
        Assert.Equal(1, tampered.Code);
        Assert.StartsWith("refused: signature-invalid", tampered.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_AtATimeAfterExpiry_IsSignatureExpired()
    {
        await KeygenAsync();
        var requestFile = Path.Combine(_dir, "request.http");
        File.WriteAllText(requestFile, (await RunAsync("sign", "--key", PrivateJwk, "--member", Member, "--url", "https://gw.example/fhir/Claim", "--body", WriteBody())).Output);

        var (code, output, _) = await RunAsync("verify", "--trust", PublicJwks, "--request", requestFile, "--at", DateTimeOffset.UtcNow.AddHours(1).ToString("O"));

        Assert.Equal(1, code);
        Assert.StartsWith("refused: signature-expired", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_NotAnHttpRequest_IsAUsageError()
    {
        await KeygenAsync();
        var requestFile = Path.Combine(_dir, "request.http");
        File.WriteAllText(requestFile, "hello\n\n");

        var (code, _, error) = await RunAsync("verify", "--trust", PublicJwks, "--request", requestFile);

        Assert.Equal(2, code);
        Assert.Contains("not an HTTP/1.1 request line", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_ToAMemberServer_PrintsTheAnswerAndVerifiesItsSignature()
    {
        await KeygenAsync();
        var serverEcdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverJwks = Path.Combine(_dir, "gateway.jwks.json");
        File.WriteAllText(serverJwks, JwksWriter.PublicJwks(serverEcdsa, "gateway-2026-01"));
        using var serverKey = SignatureKey.EcdsaP256Sha256("gateway-2026-01", serverEcdsa);
        var server = new MemberServer(TrustStore.Load(Trust(PublicJwks)), serverKey, TimeProvider.System);
        using var loopback = new LoopbackServer(server);
        var strangerJwks = Path.Combine(_dir, "stranger.jwks.json");
        File.WriteAllText(strangerJwks, JwksWriter.GenerateP256("stranger").PublicJwks);
        string[] send = ["send", "--key", PrivateJwk, "--member", Member, "--url", new Uri(loopback.BaseAddress, "fhir/Claim").ToString(), "--body", WriteBody()];

        var (code, output, error) = await RunAsync([.. send, "--trust", serverJwks]);
        var untrusted = await RunAsync([.. send, "--trust", strangerJwks]);

        Assert.True(code == 0, error + output);
        Assert.True(server.Verdicts[0].IsValid, server.Verdicts[0].ToString());
        Assert.StartsWith("HTTP/1.1 200 OK", output, StringComparison.Ordinal);
        Assert.Contains("Signature-Input: sig1=(\"@status\" \"content-type\" \"content-digest\" \"signature\";key=\"sig1\";req)", output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"outcome\":\"complete\"", output, StringComparison.Ordinal);
        Assert.Contains("response signature: valid (keyid gateway-2026-01, ecdsa-p256-sha256)", output, StringComparison.Ordinal);
        Assert.Equal(1, untrusted.Code);
        Assert.Contains("response signature: refused: unknown-key", untrusted.Output, StringComparison.Ordinal);
    }

    private static TrustStoreOptions Trust(string jwksFile)
    {
        var options = new TrustStoreOptions();
        options.Members[Member] = new TrustedMemberOptions { JwksFile = jwksFile };
        return options;
    }

    private string WriteBody()
    {
        var path = Path.Combine(_dir, "claim.json");
        File.WriteAllText(path, """{"resourceType":"Claim","status":"active"}""");
        return path;
    }

    private async Task KeygenAsync() =>
        Assert.Equal(0, (await RunAsync("keygen", "--member", Member, "--kid", Kid, "--out", Path.Combine(_dir, "keys"))).Code);

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await InteropCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
