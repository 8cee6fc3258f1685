using System.Security.Cryptography;
using System.Text;
using Interop.Signatures.Digests;
using Interop.Signatures.Keys;
using Interop.Signatures.Messages;
using Interop.Signatures.Signing;
using Interop.Signatures.Verification;

namespace Interop.Signatures.Tests;

/// <summary>The usage example of gateway/Interop.Signatures/README.md, kept compiling and passing here.</summary>
public sealed class ReadmeExampleTests
{
    [Fact]
    public async Task ReadmeExample_SignThenVerify_IsValid()
    {
        // --- README example starts ---
        using var key = SignatureKey.EcdsaP256Sha256("kh-gov-nssf-hspis-2025-01", ECDsa.Create(ECCurve.NamedCurves.nistP256));
        var body = Encoding.UTF8.GetBytes("""{"resourceType":"Claim"}""");
        var headers = new HttpFields()
            .Add("Content-Type", "application/fhir+json")
            .Add("Content-Digest", ContentDigest.Create(body))
            .Add("X-Member-Id", "KH/GOV/NSSF/HSPIS");
        var request = HttpMessage.Request("POST", "https", "gateway.nspc.gov.kh", "/fhir/Claim", query: null, headers, body);

        var signer = new HttpMessageSigner(TimeProvider.System);
        var signed = signer.Sign(request, new SignatureSpecification
        {
            Key = key,
            Components = VerificationPolicy.GatewayRequestComponents,
            Tag = "kh-interop",
        });
        signed.ApplyTo(request.Headers); // adds Signature-Input and Signature

        var verifier = new HttpMessageVerifier(
            new StaticKeyResolver([new ResolvedKey(key)]),
            new InMemoryNonceStore(TimeProvider.System),
            TimeProvider.System);
        var verdict = await verifier.VerifyAsync(request, new VerificationPolicy
        {
            RequiredComponents = VerificationPolicy.GatewayRequestComponents,
            RequiredTag = "kh-interop",
        });
        // verdict.IsValid, verdict.KeyId, verdict.Nonce ... or verdict.ReasonCode == "signature-invalid", ...
        // --- README example ends ---

        Assert.True(verdict.IsValid, verdict.ToString());
    }

    [Fact]
    public void Readme_Example_IsTheCodeOfThisTest()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "gateway", "Interop.Signatures", "README.md"));
        var test = File.ReadAllText(Path.Combine(RepositoryRoot(), "gateway", "Interop.Signatures.Tests", "ReadmeExampleTests.cs"));
        var start = test.IndexOf("// --- README example starts ---", StringComparison.Ordinal);
        var end = test.IndexOf("// --- README example ends ---", StringComparison.Ordinal);
        var lines = test[start..end].Split('\n').Skip(1).Select(l => l.Length >= 8 ? l[8..] : l.Trim());

        Assert.Contains(string.Join('\n', lines).TrimEnd(), readme, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Interop.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("Interop.sln not found above the test output");
    }
}
