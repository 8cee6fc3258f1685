namespace Interop.Conformance.Deployment;

/// <summary>The system clock moved by a fixed offset: signs as a member whose clock is wrong.</summary>
internal sealed class ShiftedClock(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;
}

/// <summary>Runs an action on each request after the signing handler signed it: to tamper with it or capture it.</summary>
internal sealed class AfterSigning(Func<HttpRequestMessage, Task> action) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await action(request).ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
