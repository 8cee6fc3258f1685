namespace Interop.Conformance.Running;

/// <summary>What one bounded call of the adapter gave: a value, an exception, or nothing in time.</summary>
/// <typeparam name="T">The value's type.</typeparam>
internal sealed record Attempt<T>(T? Value, Exception? Exception, bool TimedOut)
{
    public bool Succeeded => Exception is null && !TimedOut;

    /// <summary>Why the call gave no value, in one line.</summary>
    public string Failure(TimeSpan budget) => TimedOut
        ? $"no answer within the time budget of {budget.TotalSeconds:0.###} s"
        : $"threw {Exception!.GetType().Name}: {Exception.Message.TrimEnd('.')}";
}

/// <summary>
/// Calls the adapter on a thread of its own with a time budget: an exception is caught and returned, a call that runs past
/// the budget is abandoned (its thread left to finish) so a hang is a result, never a hung run.
/// </summary>
internal static class Bounded
{
    public static async Task<Attempt<T>> RunAsync<T>(Func<CancellationToken, ValueTask<T>> call, TimeSpan budget)
    {
        using var cancellation = new CancellationTokenSource(budget);
        var task = Task.Factory.StartNew(
            () => call(cancellation.Token).AsTask(),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Unwrap();
        try
        {
            return new Attempt<T>(await task.WaitAsync(budget).ConfigureAwait(false), null, false);
        }
        catch (TimeoutException) when (!task.IsCompleted)
        {
            return new Attempt<T>(default, null, true);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The adapter honoured the budget's cancellation: it did not answer in time.
            return new Attempt<T>(default, null, true);
        }
#pragma warning disable CA1031 // An exception out of the adapter is a result the kit reports, whatever its type.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new Attempt<T>(default, e, false);
        }
    }

    public static Task<Attempt<T>> RunAsync<T>(Func<T> call, TimeSpan budget) =>
        RunAsync(_ => ValueTask.FromResult(call()), budget);
}
