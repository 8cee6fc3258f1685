using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Interop.Signatures.Digests;
using Interop.Signatures.Http;
using Interop.Signatures.Keys;
using Interop.Signatures.Messages;
using Interop.Signatures.Signing;
using Interop.Signatures.Verification;

namespace Interop.Signatures.Benchmarks;

/// <summary>
/// One gateway request (ecdsa-p256-sha256, 1 KB body, the kh-interop profile): sign it, verify it, both.
/// Each iteration starts with an empty in-memory nonce store and a fresh batch of signed requests, so
/// every verification records a new nonce, as in production.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(Batch)]
public class SignatureBenchmarks : IDisposable
{
    internal const int Batch = 2048;

    private readonly byte[] _body = RandomNumberGenerator.GetBytes(1024);
    private readonly SignatureKey _key = SignatureKey.EcdsaP256Sha256("pmrs-120101-2026-01", ECDsa.Create(ECCurve.NamedCurves.nistP256));
    private readonly HttpMessageSigner _signer = new(TimeProvider.System);
    private HttpMessage[] _signed = [];
    private HttpMessageVerifier _verifier = null!;
    private byte[] _rawSignature = [];
    private int _next;

    [IterationSetup]
    public void NewBatch()
    {
        _verifier = new HttpMessageVerifier(new StaticKeyResolver([new ResolvedKey(_key)]), new InMemoryNonceStore(TimeProvider.System), TimeProvider.System);
        _signed = [.. Enumerable.Range(0, Batch).Select(_ => SignedRequest())];
        _next = 0;
        _rawSignature = _key.Sign(_body.AsSpan(0, 512));
    }

    [Benchmark(Description = "baseline: ECDSA P-256 sign of 512 bytes")]
    public byte[] RawSign() => _key.Sign(_body.AsSpan(0, 512));

    [Benchmark(Description = "baseline: ECDSA P-256 verify of 512 bytes")]
    public bool RawVerify() => _key.Verify(_body.AsSpan(0, 512), _rawSignature);

    [Benchmark(Description = "sign one request (digest + signature)")]
    public HttpMessage Sign() => SignedRequest();

    [Benchmark(Description = "verify one request (digest, signature, nonce)")]
    public bool Verify() => Check(_signed[_next++]);

    [Benchmark(Description = "sign + verify one request")]
    public bool SignAndVerify() => Check(SignedRequest());

    public void Dispose()
    {
        _key.Dispose();
        GC.SuppressFinalize(this);
    }

    private bool Check(HttpMessage message)
    {
        var verdict = _verifier.VerifyAsync(message, SignatureProfile.RequestPolicy).AsTask().GetAwaiter().GetResult();
        return verdict.IsValid ? true : throw new InvalidOperationException(verdict.ToString());
    }

    private HttpMessage SignedRequest()
    {
        var headers = new HttpFields()
            .Add("Content-Type", "application/fhir+json")
            .Add("Content-Digest", ContentDigest.Create(_body))
            .Add("X-Member-Id", "KH/GOV/MOH/PMRS-120101");
        var message = HttpMessage.Request("POST", "https", "gateway.nspc.gov.kh", "/pmrs/api/claims", "facility=120101", headers, _body);
        var signed = _signer.Sign(message, new SignatureSpecification
        {
            Key = _key,
            Components = SignatureProfile.RequestComponents,
            Tag = SignatureProfile.Tag,
        });
        signed.ApplyTo(headers);
        return message;
    }
}
