using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Interop.Gateway.Pipeline;

/// <summary>How many requests each sending member may make (a token bucket per member).</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Requests a member may make per <see cref="Period"/>. Default 600 (ten a second, sustained).</summary>
    public int PermitsPerPeriod { get; set; } = 600;

    /// <summary>The refill period. Default one minute.</summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many requests a member may make at once above the sustained rate. Default 100.</summary>
    public int Burst { get; set; } = 100;
}

/// <summary>A token bucket per sending member (ASP.NET Core's rate limiting primitives), so one noisy facility cannot starve the others.</summary>
internal sealed class MemberRateLimiter(IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(member =>
        RateLimitPartition.GetTokenBucketLimiter(member, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.Value.PermitsPerPeriod + options.Value.Burst,
            TokensPerPeriod = options.Value.PermitsPerPeriod,
            ReplenishmentPeriod = options.Value.Period,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <returns>Whether the member may make one more request now.</returns>
    public bool TryAcquire(string member)
    {
        using var lease = _limiter.AttemptAcquire(member);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
