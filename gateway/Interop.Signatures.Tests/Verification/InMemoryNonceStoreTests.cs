using Interop.Signatures.Verification;

namespace Interop.Signatures.Tests.Verification;

/// <summary>The in-memory nonce store refuses a nonce within its window and forgets it, oldest first, once the window has passed.</summary>
public sealed class InMemoryNonceStoreTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TryAdd_SameNonceWithinWindow_IsRefusedButAnotherKeyMayUseIt()
    {
        var store = new InMemoryNonceStore(new FixedTimeProvider(Start));

        Assert.True(await store.TryAddAsync("k1", "n1", Start.AddMinutes(5), default));
        Assert.False(await store.TryAddAsync("k1", "n1", Start.AddMinutes(5), default));
        Assert.True(await store.TryAddAsync("k2", "n1", Start.AddMinutes(5), default));
    }

    [Fact]
    public async Task TryAdd_AfterWindows_ForgetsExpiredNoncesOnly()
    {
        var clock = new FixedTimeProvider(Start);
        var store = new InMemoryNonceStore(clock);
        await store.TryAddAsync("k1", "late", Start.AddMinutes(10), default);
        await store.TryAddAsync("k1", "early", Start.AddMinutes(5), default);

        clock.Advance(TimeSpan.FromMinutes(6));
        var reused = await store.TryAddAsync("k1", "early", Start.AddMinutes(11), default);
        var stillRefused = await store.TryAddAsync("k1", "late", Start.AddMinutes(16), default);

        Assert.True(reused);
        Assert.False(stillRefused);
        Assert.Equal(2, store.Count);
    }
}
