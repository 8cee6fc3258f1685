using Interop.Signatures.Trust;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static Interop.Signatures.Tests.Trust.TrustFixtures;

namespace Interop.Signatures.Tests.Trust;

/// <summary>Reloading without restart: new keys are picked up from files and configuration; a bad reload keeps the last good snapshot and is logged.</summary>
public sealed class ReloadingTrustStoreTests : IDisposable
{
    private static readonly GeneratedKeyPair First = JwksWriter.GenerateP256("pmrs-2026-01");
    private static readonly GeneratedKeyPair Second = JwksWriter.GenerateP256("pmrs-2026-02");

    private readonly string _root = Directory.CreateTempSubdirectory("trust-reload-").FullName;
    private readonly ListLogger<ReloadingTrustStore> _logger = new();

    private string JwksPath => Path.Combine(_root, "pmrs.jwks.json");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void PollFiles_JwksFileGainsAKey_NewKeyResolvesWithoutRestart()
    {
        File.WriteAllText(JwksPath, Jwks(First));
        using var store = FileStore(Timeout.InfiniteTimeSpan);
        Assert.Null(store.Current.Find(Second.KeyId));

        File.WriteAllText(JwksPath, Jwks(First, Second));
        var reloaded = store.PollFiles();

        Assert.True(reloaded);
        Assert.Equal(Pmrs, store.Current.Find(Second.KeyId)?.Owner);
        Assert.NotNull(store.Current.Find(First.KeyId));
        Assert.Null(store.LastError);
    }

    [Fact]
    public void PollFiles_NothingChanged_DoesNotReload()
    {
        File.WriteAllText(JwksPath, Jwks(First));
        using var store = FileStore(Timeout.InfiniteTimeSpan);
        var before = store.Current;

        Assert.False(store.PollFiles());
        Assert.Same(before, store.Current);
    }

    [Fact]
    public void PollFiles_MalformedJwksFile_KeepsTheLastGoodSnapshotAndLogsTheError()
    {
        File.WriteAllText(JwksPath, Jwks(First));
        using var store = FileStore(Timeout.InfiniteTimeSpan);
        var good = store.Current;

        File.WriteAllText(JwksPath, JwksOf(First.PrivateJwk));
        var reloaded = store.PollFiles();

        Assert.False(reloaded);
        Assert.Same(good, store.Current);
        Assert.NotNull(store.Current.Find(First.KeyId));
        Assert.Equal(Pmrs, store.LastError?.MemberId);
        var error = Assert.Single(_logger.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains("private key material", error.Message, StringComparison.Ordinal);
        Assert.Contains("previous snapshot stays in force", error.Message, StringComparison.Ordinal);

        // Fixed again: the next poll picks it up.
        File.WriteAllText(JwksPath, Jwks(First, Second));
        Assert.True(store.PollFiles());
        Assert.NotNull(store.Current.Find(Second.KeyId));
        Assert.Null(store.LastError);
    }

    [Fact]
    public async Task Timer_JwksFileChanges_ReloadsByItself()
    {
        File.WriteAllText(JwksPath, Jwks(First));
        using var store = FileStore(TimeSpan.FromMilliseconds(50));

        File.WriteAllText(JwksPath, Jwks(First, Second));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (store.Current.Find(Second.KeyId) is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.NotNull(store.Current.Find(Second.KeyId));
    }

    [Fact]
    public void OptionsChange_NewMemberAndRoute_AppliesAndBadChangeIsRefused()
    {
        var monitor = new TestOptionsMonitor<TrustStoreOptions>(Options((Pmrs, Inline(Jwks(First), "pmrs:*"))));
        using var store = new ReloadingTrustStore(monitor, _logger, _root, Timeout.InfiniteTimeSpan);

        monitor.Change(Options((Pmrs, Inline(Jwks(First), "pmrs:*")), (Hspis, Inline(Jwks(Second), "hspis:*"))));
        Assert.True(store.IsAllowed(Hspis, "hspis:claims"));
        Assert.Equal(Hspis, store.Current.Find(Second.KeyId)?.Owner);

        var good = store.Current;
        monitor.Change(Options((Pmrs, Inline(Jwks(First))), (Hspis, Inline(Jwks(First)))));
        Assert.Same(good, store.Current);
        Assert.Equal(Hspis, store.LastError?.MemberId);
        Assert.Equal(First.KeyId, store.LastError?.KeyId);
    }

    [Fact]
    public void Constructor_MalformedAtStart_Throws()
    {
        var monitor = new TestOptionsMonitor<TrustStoreOptions>(Options((Pmrs, Inline("""{"keys":[]}"""))));

        var e = Assert.Throws<TrustStoreException>(() => new ReloadingTrustStore(monitor, _logger, _root, Timeout.InfiniteTimeSpan));
        Assert.Equal(Pmrs, e.MemberId);
    }

    [Fact]
    public async Task AddTrustStore_ValidSection_ResolvesKeysThroughTheResolver()
    {
        File.WriteAllText(JwksPath, Jwks(First));
        using var provider = Services(new Dictionary<string, string?>
        {
            [$"Trust:Members:{Pmrs}:JwksFile"] = "pmrs.jwks.json",
            [$"Trust:Members:{Pmrs}:Routes:0"] = "pmrs:*",
        });

        provider.GetRequiredService<IStartupValidator>().Validate();
        var resolver = provider.GetRequiredService<Interop.Signatures.Verification.ISignatureKeyResolver>();

        Assert.Equal(Pmrs, (await resolver.ResolveAsync(First.KeyId, default))?.Owner);
        Assert.True(provider.GetRequiredService<ReloadingTrustStore>().IsAllowed(Pmrs, "pmrs:claims"));
    }

    [Fact]
    public void AddTrustStore_MalformedKey_FailsAtStartNamingMemberAndKid()
    {
        using var provider = Services(new Dictionary<string, string?>
        {
            [$"Trust:Members:{Pmrs}:Jwks"] = JwksOf(First.PrivateJwk),
        });

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains($"member '{Pmrs}', key '{First.KeyId}': private key material", e.Message, StringComparison.Ordinal);
    }

    private ReloadingTrustStore FileStore(TimeSpan poll) =>
        new(new TestOptionsMonitor<TrustStoreOptions>(Options((Pmrs, new TrustedMemberOptions { JwksFile = "pmrs.jwks.json" }))), _logger, _root, poll);

    private ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddTrustStore(configuration.GetSection(TrustStoreOptions.SectionName), _root).BuildServiceProvider();
    }
}
