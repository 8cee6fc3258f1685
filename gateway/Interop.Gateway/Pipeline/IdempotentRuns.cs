using System.Collections.Concurrent;
using Interop.Gateway.Transactions;
using Microsoft.Extensions.Options;

namespace Interop.Gateway.Pipeline;

/// <summary>
/// Runs a message at most once per idempotency key (a PMRS visit, an H-SPIS <c>MessageId</c>, a passthrough request's
/// <c>X-Request-Id</c>): a retry is answered from the record of the run that answered it; a retry that arrives while
/// the first run is still going waits for its record, on this instance or, when the log is shared
/// (<see cref="TransactionLogOptions.ClaimsShared"/>), on another one that claimed the key. A failed run leaves no
/// answer, so the next retry runs again.
/// </summary>
internal sealed partial class IdempotentRuns(ITransactionStore log, IOptions<TransactionLogOptions> options, TimeProvider clock, ILogger<IdempotentRuns> logger)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<TransactionRecord>>> _inFlight = new(StringComparer.Ordinal);

    /// <summary>This instance, as the owner of the idempotency claims it takes in a shared log.</summary>
    private readonly string _instance = Guid.NewGuid().ToString("N");

    /// <summary>The record that answers this message: an earlier one, the one of a run in flight, or the one <paramref name="run"/> makes.</summary>
    /// <param name="adapterId">The adapter (keys are unique per adapter).</param>
    /// <param name="key">The idempotency key, already scoped by the sending member.</param>
    /// <param name="transactionId">This request's transaction id (the owner of a claim it takes).</param>
    /// <param name="run">Runs the message and records it (with the key); it is not cancelled when this caller goes away, since a retry may be waiting for it.</param>
    /// <param name="stillRunningElsewhere">Answers "retry later" when another instance holds the key longer than <see cref="TransactionLogOptions.ClaimWait"/>; recorded without the key.</param>
    /// <param name="cancellationToken">Cancelled when this caller goes away (it stops waiting; the run goes on).</param>
    public async Task<TransactionRecord> RunOnceAsync(string adapterId, string key, string transactionId, Func<Task<TransactionRecord>> run, Func<Task<TransactionRecord>> stillRunningElsewhere, CancellationToken cancellationToken)
    {
        if (await log.FindAnsweredAsync(adapterId, key, cancellationToken) is { } answered)
        {
            return answered;
        }

        var gate = $"{adapterId}\n{key}";
        var mine = new Lazy<Task<TransactionRecord>>(() => options.Value.ClaimsShared
            ? ClaimAndRunAsync(adapterId, key, $"{_instance}/{transactionId}", run, stillRunningElsewhere)
            : RunUnlessAnsweredAsync(adapterId, key, run));
        var running = _inFlight.GetOrAdd(gate, mine);
        if (!ReferenceEquals(running, mine))
        {
            LogJoined(logger, transactionId, adapterId);
        }

        _ = running.Value.ContinueWith(_ => _inFlight.TryRemove(new KeyValuePair<string, Lazy<Task<TransactionRecord>>>(gate, running)), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return await running.Value.WaitAsync(cancellationToken);
    }

    /// <summary>A run that finished between our look and our gate has recorded its answer: that answer, not a second run.</summary>
    private async Task<TransactionRecord> RunUnlessAnsweredAsync(string adapterId, string key, Func<Task<TransactionRecord>> run) =>
        await log.FindAnsweredAsync(adapterId, key, CancellationToken.None) ?? await run();

    /// <summary>
    /// Several instances share the log: the one that claims the key runs the message; another that gets a retry of it
    /// meanwhile waits for its record and answers from it, or answers "retry later" when the run outlasts the wait. A
    /// claim left by an instance that stopped expires after <see cref="TransactionLogOptions.ClaimLifetime"/>.
    /// </summary>
    private async Task<TransactionRecord> ClaimAndRunAsync(string adapterId, string key, string owner, Func<Task<TransactionRecord>> run, Func<Task<TransactionRecord>> stillRunningElsewhere)
    {
        var settings = options.Value;
        var waitUntil = clock.GetUtcNow() + settings.ClaimWait;
        var pause = TimeSpan.FromMilliseconds(25);
        while (true)
        {
            if (await log.TryClaimAsync(adapterId, key, owner, clock.GetUtcNow() + settings.ClaimLifetime, CancellationToken.None))
            {
                try
                {
                    // The instance that held the claim may have recorded its answer between our look and our claim.
                    return await log.FindAnsweredAsync(adapterId, key, CancellationToken.None) ?? await run();
                }
                finally
                {
                    await log.ReleaseClaimAsync(adapterId, key, owner, CancellationToken.None);
                }
            }

            if (await log.FindAnsweredAsync(adapterId, key, CancellationToken.None) is { } answered)
            {
                return answered;
            }

            if (clock.GetUtcNow() >= waitUntil)
            {
                LogStillRunningElsewhere(logger, owner, adapterId);
                return await stillRunningElsewhere();
            }

            await Task.Delay(pause, clock, CancellationToken.None);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, EventName = "RunJoined", Message = "Transaction {TransactionId}: a retry (or re-run) of an {Adapter} message waits for the run of it in flight")]
    private static partial void LogJoined(ILogger logger, string transactionId, string adapter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Claim {Owner}: a retry of an {Adapter} message still running on another instance; answered retry-later")]
    private static partial void LogStillRunningElsewhere(ILogger logger, string owner, string adapter);
}
