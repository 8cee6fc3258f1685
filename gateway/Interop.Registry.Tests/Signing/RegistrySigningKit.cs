using Interop.Signatures.Http;
using Interop.Signatures.Keys;
using Interop.Signatures.Trust;

namespace Interop.Registry.Tests.Signing;

/// <summary>The sandbox's test keys (NOT FOR PRODUCTION) and the settings of a registry that signs with them.</summary>
internal static class RegistrySigningKit
{
    public const string RegistryMember = "KH/GOV/NSPC/REGISTRY";
    public const string Gateway = "KH/GOV/NSPC/GATEWAY";
    public const string Nssf = "KH/GOV/NSSF/HSPIS";
    public const string Pca = "KH/GOV/MOH/PCA";
    public const string Pmrs = "KH/GOV/MOH/PMRS-120101";
    public const string RegistryKeyId = "sandbox-registry-2026-01";

    public static string Keys { get; } = Path.Combine(RepositoryRoot(), "gateway", "Interop.Gateway", "sandbox-keys");

    public static SignatureKey NssfKey { get; } = Load("nssf", "sandbox-nssf-2026-01");

    public static SignatureKey PcaKey { get; } = Load("pca", "sandbox-pca-2026-01");

    public static SignatureKey PmrsKey { get; } = Load("pmrs-120101", "sandbox-pmrs-120101-2026-01");

    public static SignatureKey GatewayKey { get; } = Load("gateway", "sandbox-gateway-2026-01");

    /// <summary>What a caller knows of the registry: its public key only.</summary>
    public static TrustStore RegistryPublicKey { get; } = TrustStore.Load(new TrustStoreOptions
    {
        Members = { [RegistryMember] = new TrustedMemberOptions { JwksFile = Path.Combine(Keys, "registry.jwks.json") } },
    });

    /// <summary>
    /// Signing on with the registry's test key; the gateway may call every route (and act for members), H-SPIS may
    /// register, match and cross-reference, PMRS only cross-reference, the PCA nothing (it only answers notifications).
    /// </summary>
    public static (string Key, string Value)[] Signed(params (string Key, string Value)[] more) =>
    [
        ("Signing:Mode", "Required"),
        ("Signing:Key:KeyId", RegistryKeyId),
        ("Signing:Key:KeyFile", Path.Combine(Keys, "registry.TEST-KEY-NOT-FOR-PRODUCTION.jwk.json")),
        .. Member(Gateway, "gateway", "registry:*"),
        .. Member(Nssf, "nssf", "registry:register", "registry:match", "registry:ihe-pix"),
        .. Member(Pmrs, "pmrs-120101", "registry:ihe-pix"),
        .. Member(Pca, "pca"),
        .. more,
    ];

    /// <summary>A handler that signs as <paramref name="member"/> and, unless told otherwise, requires the registry's signed, bound answer.</summary>
    public static SigningHandler Signer(SignatureKey key, string member, TimeProvider clock, bool verifyAnswer = true, bool actsForRequestMember = false) => new(new SigningHandlerOptions
    {
        Key = key,
        MemberId = member,
        TimeProvider = clock,
        ActsForRequestMember = actsForRequestMember,
        ResponseKeys = verifyAnswer ? RegistryPublicKey : null,
        RequireSignedResponse = verifyAnswer,
    });

    public static SignatureKey Load(string name, string kid) =>
        SigningKeyLoader.Load(new SigningKeyOptions { KeyFile = Path.Combine(Keys, $"{name}.TEST-KEY-NOT-FOR-PRODUCTION.jwk.json"), KeyId = kid });

    private static IEnumerable<(string, string)> Member(string member, string file, params string[] routes) =>
    [
        ($"Trust:Members:{member}:JwksFile", Path.Combine(Keys, $"{file}.jwks.json")),
        .. routes.Select((route, i) => ($"Trust:Members:{member}:Routes:{i}", route)),
    ];

    private static string RepositoryRoot()
    {
        var folder = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(folder, "Interop.sln")))
        {
            folder = Path.GetDirectoryName(folder) ?? throw new InvalidOperationException("Interop.sln not found above the test output.");
        }

        return folder;
    }
}
