using System.Text.Json.Nodes;
using Interop.Signatures.Keys;
using Interop.Signatures.Trust;
using static Interop.Signatures.Tests.Trust.TrustFixtures;

namespace Interop.Signatures.Tests.Trust;

/// <summary>Loading the trust store: good members load with their dates and owners; every malformed case names the member, the key and the reason.</summary>
public sealed class TrustStoreLoadTests
{
    private static readonly GeneratedKeyPair PmrsKey = JwksWriter.GenerateP256("pmrs-2026-01", Now.AddDays(-30), Now.AddDays(335));
    private static readonly GeneratedKeyPair HspisKey = JwksWriter.GenerateP256("hspis-2026-01");

    [Fact]
    public void Load_TwoMembers_FindsEachKeyWithOwnerAndValidity()
    {
        var store = TrustStore.Load(Options((Pmrs, Inline(Jwks(PmrsKey), "pmrs:*")), (Hspis, Inline(Jwks(HspisKey), "hspis:*"))));

        Assert.Equal([Pmrs, Hspis], store.Members.Order(StringComparer.Ordinal));
        var pmrs = store.Find("pmrs-2026-01");
        Assert.NotNull(pmrs);
        Assert.Equal(Pmrs, pmrs.Owner);
        Assert.Equal(Now.AddDays(-30), pmrs.NotBefore);
        Assert.Equal(Now.AddDays(335), pmrs.NotAfter);
        Assert.False(pmrs.IsRevoked);
        Assert.Equal(SignatureAlgorithms.EcdsaP256Sha256, pmrs.Key.Algorithm);
        Assert.Equal(Hspis, store.Find("hspis-2026-01")?.Owner);
        Assert.Null(store.Find("hspis-2025-01"));
    }

    [Fact]
    public void Load_JwksFileRelativeToContentRoot_IsRead()
    {
        var root = Directory.CreateTempSubdirectory("trust-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(root, "pmrs.jwks.json"), Jwks(PmrsKey));

            var store = TrustStore.Load(Options((Pmrs, new TrustedMemberOptions { JwksFile = "pmrs.jwks.json" })), root);

            Assert.Equal(Pmrs, store.Find("pmrs-2026-01")?.Owner);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Load_RevokedKid_IsResolvedAsRevoked()
    {
        var member = Inline(Jwks(PmrsKey, HspisKey));
        member.Revoked.Add("hspis-2026-01");

        var store = TrustStore.Load(Options((Pmrs, member)));

        Assert.True(store.Find("hspis-2026-01")?.IsRevoked);
        Assert.False(store.Find("pmrs-2026-01")?.IsRevoked);
    }

    [Fact]
    public async Task Load_RsaPs512Key_ResolvesAsRsaPss()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var p = rsa.ExportParameters(false);
        var jwk = $$"""{"kty":"RSA","kid":"rsa-1","alg":"PS512","n":"{{System.Buffers.Text.Base64Url.EncodeToString(p.Modulus)}}","e":"{{System.Buffers.Text.Base64Url.EncodeToString(p.Exponent)}}"}""";

        var resolved = await TrustStore.Load(Options((Pmrs, Inline(JwksOf(jwk))))).ResolveAsync("rsa-1", default);

        Assert.Equal(SignatureAlgorithms.RsaPssSha512, resolved?.Key.Algorithm);
    }

    public static TheoryData<string, string?, string?, string> MalformedCases => new()
    {
        { "invalid json", Pmrs, null, "not valid JSON" },
        { "no keys", Pmrs, null, "no keys" },
        { "no kid", Pmrs, null, "no kid" },
        { "private key", Pmrs, "pmrs-2026-01", "private key material" },
        { "P-384", Pmrs, "pmrs-2026-01", "unsupported crv 'P-384'" },
        { "OKP", Pmrs, "pmrs-2026-01", "unsupported kty 'OKP'" },
        { "RSA RS256", Pmrs, "pmrs-2026-01", "need alg PS512" },
        { "EC alg ES384", Pmrs, "pmrs-2026-01", "not ES256" },
        { "use enc", Pmrs, "pmrs-2026-01", "use 'enc'" },
        { "x missing", Pmrs, "pmrs-2026-01", "'x' is missing" },
        { "x short", Pmrs, "pmrs-2026-01", "32" },
        { "x not base64url", Pmrs, "pmrs-2026-01", "not base64url" },
        { "point not on curve", Pmrs, "pmrs-2026-01", "valid public key" },
        { "nbf text", Pmrs, "pmrs-2026-01", "'nbf' must be a NumericDate" },
        { "exp fraction", Pmrs, "pmrs-2026-01", "'exp' must be a NumericDate" },
        { "duplicate kid in member", Pmrs, "pmrs-2026-01", "duplicate kid within" },
        { "duplicate kid across members", Hspis, "pmrs-2026-01", $"member '{Pmrs}' already has" },
        { "revoked kid unknown", Pmrs, "pmrs-2025-01", "not among the member's keys" },
        { "file and inline", Pmrs, null, "exactly one of JwksFile and Jwks" },
        { "no jwks", Pmrs, null, "exactly one of JwksFile and Jwks" },
        { "file missing", Pmrs, null, "cannot read JwksFile" },
        { "route pattern", Pmrs, null, "route pattern 'pmrs:*:claims'" },
    };

    [Theory]
    [MemberData(nameof(MalformedCases))]
    public void Load_Malformed_ThrowsNamingMemberKeyAndReason(string @case, string? member, string? kid, string reason)
    {
        var options = MalformedOptions(@case);

        var e = Assert.Throws<TrustStoreException>(() => TrustStore.Load(options, Path.GetTempPath()));

        Assert.Equal(member, e.MemberId);
        Assert.Equal(kid, e.KeyId);
        Assert.Contains(reason, e.Reason, StringComparison.Ordinal);
        Assert.Contains($"member '{member}'", e.Message, StringComparison.Ordinal);
        if (kid is not null)
        {
            Assert.Contains($"key '{kid}'", e.Message, StringComparison.Ordinal);
        }
    }

    private static TrustStoreOptions MalformedOptions(string @case)
    {
        var good = Jwks(PmrsKey);
        string Changed(string name, JsonNode? value) => JwksOf(PublicJwkWith(PmrsKey, name, value));
        var pmrs = @case switch
        {
            "invalid json" => Inline("""{"keys":[{"kty":"EC",""" ),
            "no keys" => Inline("""{"keys":[]}"""),
            "no kid" => Inline(Changed("kid", null)),
            "private key" => Inline(JwksOf(PmrsKey.PrivateJwk)),
            "P-384" => Inline(Changed("crv", "P-384")),
            "OKP" => Inline(Changed("kty", "OKP")),
            "RSA RS256" => Inline(JwksOf("""{"kty":"RSA","kid":"pmrs-2026-01","alg":"RS256","n":"AQAB","e":"AQAB"}""")),
            "EC alg ES384" => Inline(Changed("alg", "ES384")),
            "use enc" => Inline(Changed("use", "enc")),
            "x missing" => Inline(Changed("x", null)),
            "x short" => Inline(Changed("x", "AQAB")),
            "x not base64url" => Inline(Changed("x", "!!!not base64!!!")),
            "point not on curve" => Inline(Changed("y", JsonNode.Parse(PmrsKey.PublicJwks)!["keys"]![0]!["x"]!.GetValue<string>())),
            "nbf text" => Inline(Changed("nbf", "tomorrow")),
            "exp fraction" => Inline(Changed("exp", 1772352000.5)),
            "duplicate kid in member" => Inline(Jwks(PmrsKey, PmrsKey)),
            "revoked kid unknown" => new TrustedMemberOptions { Jwks = good, Revoked = ["pmrs-2025-01"] },
            "file and inline" => new TrustedMemberOptions { Jwks = good, JwksFile = "pmrs.jwks.json" },
            "no jwks" => new TrustedMemberOptions(),
            "file missing" => new TrustedMemberOptions { JwksFile = "no-such-dir/pmrs.jwks.json" },
            "route pattern" => Inline(good, "pmrs:*:claims"),
            _ => Inline(good),
        };
        return @case == "duplicate kid across members"
            ? Options((Pmrs, pmrs), (Hspis, Inline(good)))
            : Options((Pmrs, pmrs));
    }

    public static TheoryData<string, string, bool> RoutePatterns => new()
    {
        { "*", "hspis:claims", true },
        { "pmrs:*", "pmrs:claims", true },
        { "pmrs:*", "pmrs:", true },
        { "pmrs:*", "pmrsx:claims", false },
        { "pmrs:*", "hspis:claims", false },
        { "pmrs:claims", "pmrs:claims", true },
        { "pmrs:claims", "pmrs:claims-batch", false },
        { "pmrs:claims", "PMRS:claims", false },
    };

    [Theory]
    [MemberData(nameof(RoutePatterns))]
    public void IsAllowed_RoutePattern_MatchesExactlyOrByPrefix(string pattern, string route, bool allowed)
    {
        var store = TrustStore.Load(Options((Pmrs, Inline(Jwks(PmrsKey), pattern))));

        Assert.Equal(allowed, store.IsAllowed(Pmrs, route));
    }

    [Fact]
    public void IsAllowed_UnknownMemberOrNoRoutes_IsFalse()
    {
        var store = TrustStore.Load(Options((Pmrs, Inline(Jwks(PmrsKey))), (Hspis, Inline(Jwks(HspisKey), "*"))));

        Assert.False(store.IsAllowed(Pmrs, "pmrs:claims"));
        Assert.False(store.IsAllowed("KH/GOV/OTHER/X", "pmrs:claims"));
        Assert.True(store.IsAllowed(Hspis, "pmrs:claims"));
    }
}
