using System.Collections.Frozen;
using Interop.Signatures.Verification;

namespace Interop.Signatures.Trust;

/// <summary>
/// An immutable snapshot of the trust store: each member's public keys (found by <c>kid</c>, with their
/// validity dates and revocation) and the routes each member may call. Build one with <see cref="Load"/>;
/// <see cref="ReloadingTrustStore"/> swaps snapshots when the configuration or a JWKS file changes.
/// </summary>
public sealed class TrustStore : ISignatureKeyResolver
{
    private readonly FrozenDictionary<string, ResolvedKey> _keys;
    private readonly FrozenDictionary<string, RoutePatterns> _routes;

    private TrustStore(Dictionary<string, ResolvedKey> keys, Dictionary<string, RoutePatterns> routes)
    {
        _keys = keys.ToFrozenDictionary(StringComparer.Ordinal);
        _routes = routes.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The member ids.</summary>
    public IReadOnlyCollection<string> Members => _routes.Keys;

    /// <summary>Every key of every member, revoked and expired ones included.</summary>
    public IReadOnlyCollection<ResolvedKey> Keys => _keys.Values;

    /// <summary>
    /// Loads and checks the whole trust store. Every key must be a public <c>EC</c> P-256 key (used with
    /// <c>ecdsa-p256-sha256</c>) or a public <c>RSA</c> key with <c>alg</c> <c>PS512</c> (<c>rsa-pss-sha512</c>),
    /// with a <c>kid</c> unique across all members; <c>nbf</c> and <c>exp</c> (NumericDate) bound its validity.
    /// </summary>
    /// <param name="options">The configured members.</param>
    /// <param name="contentRoot">Where relative <see cref="TrustedMemberOptions.JwksFile"/> paths start; default the current directory.</param>
    /// <exception cref="TrustStoreException">Anything is malformed; the message names the member, the key id and the reason.</exception>
    public static TrustStore Load(TrustStoreOptions options, string? contentRoot = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var keys = new Dictionary<string, ResolvedKey>(StringComparer.Ordinal);
        var routes = new Dictionary<string, RoutePatterns>(StringComparer.Ordinal);
        foreach (var (memberId, member) in options.Members)
        {
            if (string.IsNullOrWhiteSpace(memberId))
            {
                throw new TrustStoreException(null, null, "a member has an empty id");
            }

            if (member is null)
            {
                throw new TrustStoreException(memberId, null, "the member has no settings");
            }

            var revoked = new HashSet<string>(member.Revoked, StringComparer.Ordinal);
            var memberKeys = JwksReader.Read(memberId, ReadJwks(memberId, member, contentRoot), revoked);
            foreach (var key in memberKeys)
            {
                if (keys.TryGetValue(key.Key.KeyId, out var existing))
                {
                    throw new TrustStoreException(memberId, key.Key.KeyId, $"duplicate kid: member '{existing.Owner}' already has a key with this id");
                }

                keys.Add(key.Key.KeyId, key);
            }

            foreach (var kid in revoked.Where(kid => !memberKeys.Exists(k => k.Key.KeyId == kid)))
            {
                throw new TrustStoreException(memberId, kid, "listed in Revoked but not among the member's keys (keep a revoked key in the JWKS so its signatures are refused as revoked)");
            }

            routes.Add(memberId, RoutePatterns.Create(memberId, member.Routes));
        }

        return new TrustStore(keys, routes);
    }

    /// <summary>True when the member is known and one of its route patterns matches the route id.</summary>
    /// <param name="memberId">The member id, e.g. <c>KH/GOV/MOH/PMRS-120101</c>.</param>
    /// <param name="routeId">The gateway route id, e.g. <c>pmrs:claims</c>.</param>
    public bool IsAllowed(string memberId, string routeId) =>
        memberId is not null && routeId is not null && _routes.TryGetValue(memberId, out var patterns) && patterns.Matches(routeId);

    /// <summary>The key with this id, or null; the same as <see cref="ResolveAsync"/> without the task.</summary>
    public ResolvedKey? Find(string keyId) => keyId is null ? null : _keys.GetValueOrDefault(keyId);

    /// <inheritdoc />
    public ValueTask<ResolvedKey?> ResolveAsync(string keyId, CancellationToken cancellationToken) => ValueTask.FromResult(Find(keyId));

    /// <summary>The full paths of the JWKS files this store reads (for change detection).</summary>
    internal static IEnumerable<string> JwksFiles(TrustStoreOptions options, string? contentRoot) =>
        options.Members.Values
            .Where(m => !string.IsNullOrWhiteSpace(m?.JwksFile))
            .Select(m => FullPath(m.JwksFile!, contentRoot));

    private static string ReadJwks(string memberId, TrustedMemberOptions member, string? contentRoot)
    {
        var hasFile = !string.IsNullOrWhiteSpace(member.JwksFile);
        var hasInline = !string.IsNullOrWhiteSpace(member.Jwks);
        if (hasFile == hasInline)
        {
            throw new TrustStoreException(memberId, null, "give exactly one of JwksFile and Jwks");
        }

        if (hasInline)
        {
            return member.Jwks!;
        }

        var path = FullPath(member.JwksFile!, contentRoot);
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TrustStoreException(memberId, null, $"cannot read JwksFile '{path}': {e.Message}", e);
        }
    }

    private static string FullPath(string path, string? contentRoot) =>
        Path.GetFullPath(path, contentRoot ?? Directory.GetCurrentDirectory());

    private sealed class RoutePatterns
    {
        private readonly bool _all;
        private readonly FrozenSet<string> _exact;
        private readonly string[] _prefixes;

        private RoutePatterns(bool all, IEnumerable<string> exact, IEnumerable<string> prefixes)
        {
            _all = all;
            _exact = exact.ToFrozenSet(StringComparer.Ordinal);
            _prefixes = [.. prefixes];
        }

        public static RoutePatterns Create(string memberId, IEnumerable<string> patterns)
        {
            var list = patterns.ToList();
            foreach (var pattern in list)
            {
                if (string.IsNullOrWhiteSpace(pattern) || pattern.IndexOf('*', StringComparison.Ordinal) is var star && star >= 0 && star != pattern.Length - 1)
                {
                    throw new TrustStoreException(memberId, null, $"route pattern '{pattern}' is not a route id, '*' or a prefix ending with '*'");
                }
            }

            return new RoutePatterns(
                list.Contains("*"),
                list.Where(p => !p.EndsWith('*')),
                list.Where(p => p.EndsWith('*') && p.Length > 1).Select(p => p[..^1]));
        }

        public bool Matches(string routeId) =>
            _all || _exact.Contains(routeId) || Array.Exists(_prefixes, p => routeId.StartsWith(p, StringComparison.Ordinal));
    }
}
