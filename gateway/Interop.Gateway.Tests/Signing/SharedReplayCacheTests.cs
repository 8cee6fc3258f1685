using System.Net;
using System.Text;
using Interop.Gateway.Signing;
using Interop.Gateway.Tests.Pipeline;
using Interop.Gateway.Tests.Transactions;
using Microsoft.Extensions.Time.Testing;
using Task = System.Threading.Tasks.Task;

namespace Interop.Gateway.Tests.Signing;

/// <summary>Several gateway instances share one replay cache on PostgreSQL: a request replayed to another instance is refused too.</summary>
public sealed class SharedReplayCacheTests
{
    private static string Postgres => Environment.GetEnvironmentVariable(PostgresStoreAttribute.Variable)!;

    [Theory]
    [PostgresStore]
    public async Task RequestReplayedToAnotherInstance_IsRefusedWithE405(string store)
    {
        Assert.Equal("postgres", store);
        var shared = SigningKit.Central(("Signing:NonceStore", "postgres"), ("Signing:NonceStoreConnectionString", Postgres));
        using var first = new GatewayFixture(shared);
        using var second = new GatewayFixture(shared);
        var capture = new SignatureCapture();
        var member = await File.ReadAllTextAsync(Path.Combine(SigningKit.RepositoryRoot(), "gateway", "sandbox-story", "hspis-member.xml"));
        using (var client = SigningKit.SignedClient(first.Factory, SigningKit.HspisKey, SigningKit.Hspis, after: capture))
        {
            await client.PostAsync("/hspis/ws/member", new StringContent(member, Encoding.UTF8, "application/xml"));
        }

        using var replay = capture.Replay(HttpMethod.Post, "/hspis/ws/member", new StringContent(member, Encoding.UTF8, "application/xml"));

        using var other = second.Factory.CreateClient();
        using var response = await other.SendAsync(replay);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("code=\"E405\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [PostgresStore]
    public async Task Nonce_IsRefusedWithinItsWindowAndFreeAfterIt(string store)
    {
        Assert.Equal("postgres", store);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var one = new PostgresNonceStore(Postgres, clock);
        using var two = new PostgresNonceStore(Postgres, clock);
        var nonce = Guid.NewGuid().ToString("N");

        Assert.True(await one.TryAddAsync("key-a", nonce, clock.GetUtcNow().AddMinutes(5), CancellationToken.None));
        Assert.False(await two.TryAddAsync("key-a", nonce, clock.GetUtcNow().AddMinutes(5), CancellationToken.None));
        Assert.True(await two.TryAddAsync("key-b", nonce, clock.GetUtcNow().AddMinutes(5), CancellationToken.None));

        clock.Advance(TimeSpan.FromMinutes(6));
        Assert.True(await two.TryAddAsync("key-a", nonce, clock.GetUtcNow().AddMinutes(5), CancellationToken.None));
    }
}
