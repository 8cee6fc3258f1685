using System.Net.Http.Headers;
using System.Text;
using Interop.Registry.Storage;
using Interop.Signatures.Http;
using Microsoft.Extensions.Options;

namespace Interop.Registry.Notifications;

/// <summary>
/// Delivers the outbox: each due message is claimed (leased), POSTed to its operator's endpoint, and marked delivered
/// on a 2xx answer, never to be sent again; on failure it waits (doubling, up to a maximum) and is tried again.
/// The Bundle id is the same on every attempt, so a receiver that got a message whose answer was lost recognizes it.
/// The standalone registry signs each message with its key and counts only a signed acknowledgement
/// (<see cref="Hosting.RegistrySigning"/>).
/// </summary>
public sealed partial class OutboxDispatcher(IRegistryStore store, IHttpClientFactory httpClients, IOptions<RegistryOptions> options, TimeProvider clock, ILogger<OutboxDispatcher> logger) : BackgroundService
{
    /// <summary>The named HttpClient the dispatcher uses.</summary>
    public const string HttpClientName = "registry-notifications";

    private NotificationOptions Options => options.Value.Notifications;

    /// <summary>Sends every due message once.</summary>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>How many were delivered.</returns>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var due = await store.ClaimDueNotificationsAsync(now, now + Options.Lease, 100, cancellationToken);
        var delivered = 0;
        foreach (var message in due)
        {
            if (await TryDeliverAsync(message, cancellationToken))
            {
                await store.MarkDeliveredAsync(message.Id, clock.GetUtcNow(), cancellationToken);
                delivered++;
            }
            else
            {
                var delay = TimeSpan.FromTicks(Math.Min(Options.MaxRetryDelay.Ticks, Options.FirstRetryDelay.Ticks * (1L << Math.Min(message.Attempts, 20))));
                await store.MarkFailedAsync(message.Id, clock.GetUtcNow() + delay, cancellationToken);
            }
        }

        return delivered;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Options.RunDispatcher)
        {
            return;
        }

        using var timer = new PeriodicTimer(Options.PollInterval, clock);
        do
        {
            try
            {
                await DispatchDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
            {
                // The database is away: the messages stay in the outbox, the next tick tries again.
                LogStoreUnavailable(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<bool> TryDeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (!Options.Endpoints.TryGetValue(message.Receiver, out var endpoint))
        {
            LogNoEndpoint(logger, message.MessageId, message.Receiver);
            return false;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.AttemptTimeout);
        try
        {
            using var content = new StringContent(message.Payload, Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json") { CharSet = "utf-8" };
            using var response = await httpClients.CreateClient(HttpClientName).PostAsync(endpoint, content, timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                LogDelivered(logger, message.MessageId, message.Receiver, message.Attempts + 1);
                return true;
            }

            LogFailed(logger, message.MessageId, message.Receiver, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), message.Attempts + 1);
            return false;
        }
        catch (SignatureVerificationException e)
        {
            // With signing on, an acknowledgement counts only when the operator signed it, bound to this request.
            LogFailed(logger, message.MessageId, message.Receiver, "acknowledgement " + e.ReasonCode, message.Attempts + 1);
            return false;
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogFailed(logger, message.MessageId, message.Receiver, e.GetType().Name, message.Attempts + 1);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {MessageId} delivered to {Receiver} at attempt {Attempt}")]
    private static partial void LogDelivered(ILogger logger, string messageId, string receiver, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {MessageId} to {Receiver} failed ({Reason}) at attempt {Attempt}; it will be retried")]
    private static partial void LogFailed(ILogger logger, string messageId, string receiver, string reason, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {MessageId}: no endpoint configured for {Receiver}; it stays queued")]
    private static partial void LogNoEndpoint(ILogger logger, string messageId, string receiver);

    [LoggerMessage(Level = LogLevel.Error, Message = "The outbox could not be read; retrying at the next tick")]
    private static partial void LogStoreUnavailable(ILogger logger, Exception exception);
}
