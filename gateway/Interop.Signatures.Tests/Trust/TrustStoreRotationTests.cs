using System.Globalization;
using Interop.Signatures.Http;
using Interop.Signatures.Signing;
using Interop.Signatures.Tests.Verification;
using Interop.Signatures.Trust;
using Interop.Signatures.Verification;
using static Interop.Signatures.Tests.Trust.TrustFixtures;

namespace Interop.Signatures.Tests.Trust;

/// <summary>Rotation and revocation as the verifier sees them through the trust store.</summary>
public sealed class TrustStoreRotationTests
{
    private readonly FixedTimeProvider _clock = new(Now);
    private int _nonce;

    [Fact]
    public async Task Verify_TwoKidsOfOneMember_BothValidDuringRotation()
    {
        var old = JwksWriter.GenerateP256("pmrs-2025-12", Now.AddDays(-60), Now.AddDays(7));
        var next = JwksWriter.GenerateP256("pmrs-2026-03", Now.AddDays(-1), Now.AddDays(365));
        var store = TrustStore.Load(Options((Pmrs, Inline(Jwks(old, next)))));

        var byOld = await VerifyAsync(store, old);
        var byNext = await VerifyAsync(store, next);

        Assert.True(byOld.IsValid, byOld.ToString());
        Assert.True(byNext.IsValid, byNext.ToString());
        Assert.Equal("pmrs-2025-12", byOld.KeyId);
        Assert.Equal("pmrs-2026-03", byNext.KeyId);
    }

    [Fact]
    public async Task Verify_KeyPastItsExp_IsRevokedKey()
    {
        var expired = JwksWriter.GenerateP256("pmrs-2025-01", Now.AddDays(-400), Now.AddDays(-35));
        var current = JwksWriter.GenerateP256("pmrs-2026-01", Now.AddDays(-35));
        var store = TrustStore.Load(Options((Pmrs, Inline(Jwks(expired, current)))));

        var verdict = await VerifyAsync(store, expired);

        Assert.Equal("revoked-key", verdict.ReasonCode);
        Assert.Contains("validity period", verdict.Detail, StringComparison.Ordinal);
        Assert.True((await VerifyAsync(store, current)).IsValid);
    }

    [Fact]
    public async Task Verify_KeyBeforeItsNbf_IsRevokedKey()
    {
        var future = JwksWriter.GenerateP256("pmrs-2026-06", Now.AddDays(90));
        var store = TrustStore.Load(Options((Pmrs, Inline(Jwks(future)))));

        Assert.Equal("revoked-key", (await VerifyAsync(store, future)).ReasonCode);
    }

    [Fact]
    public async Task Verify_RevokedKid_IsRevokedKeyWhileTheOtherStillVerifies()
    {
        var leaked = JwksWriter.GenerateP256("pmrs-2026-01");
        var replacement = JwksWriter.GenerateP256("pmrs-2026-02");
        var member = Inline(Jwks(leaked, replacement));
        member.Revoked.Add("pmrs-2026-01");
        var store = TrustStore.Load(Options((Pmrs, member)));

        var verdict = await VerifyAsync(store, leaked);

        Assert.Equal("revoked-key", verdict.ReasonCode);
        Assert.Contains("revoked", verdict.Detail, StringComparison.Ordinal);
        Assert.True((await VerifyAsync(store, replacement)).IsValid);
    }

    [Fact]
    public async Task Verify_KidOfNoMember_IsUnknownKey()
    {
        var store = TrustStore.Load(Options((Pmrs, Inline(Jwks(JwksWriter.GenerateP256("pmrs-2026-01"))))));

        Assert.Equal("unknown-key", (await VerifyAsync(store, JwksWriter.GenerateP256("stranger"))).ReasonCode);
    }

    private async Task<SignatureVerdict> VerifyAsync(TrustStore store, GeneratedKeyPair signer)
    {
        using var key = SigningKeyLoader.Parse(signer.PrivateJwk, signer.KeyId);
        var message = SignedExchange.UnsignedClaimRequest();
        var signed = new HttpMessageSigner(_clock, () => "n" + (++_nonce).ToString(CultureInfo.InvariantCulture))
            .Sign(message, new SignatureSpecification { Key = key, Components = SignatureProfile.RequestComponents, Tag = SignatureProfile.Tag });
        signed.ApplyTo(message.Headers);
        return await new HttpMessageVerifier(store, new InMemoryNonceStore(_clock), _clock).VerifyAsync(message, SignatureProfile.RequestPolicy);
    }
}
