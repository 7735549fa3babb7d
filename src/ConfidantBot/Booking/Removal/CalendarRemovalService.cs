using System.Text.Json;
using ConfidantBot.Booking.Calendar;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.Operations;
using Microsoft.Extensions.Options;
using NodaTime;

namespace ConfidantBot.Booking.Removal;

/// <summary>
/// Works the calendar removal outbox in the background, and is retention's calendar part: a
/// booking row about to expire (the appointment plus the retention period, or a request nobody
/// answered) gets its event queued for removal first, so the event never outlives the row.
/// In local mode it also sweeps the local calendar's expired events.
/// </summary>
public sealed partial class CalendarRemovalService(
    CalendarRemovalOutbox outbox,
    IStorage storage,
    ICalendarProvider calendar,
    IOptions<CalendarRemovalOptions> options,
    TimeProvider clock,
    ILogger<CalendarRemovalService> logger,
    ConfidantBotMetrics? metrics = null) : BackgroundService
{
    /// <summary>A row this close to its expiry has its event queued. Several passes fit in it, so one failed pass loses nothing.</summary>
    public static readonly TimeSpan QueueBeforeExpiry = TimeSpan.FromHours(1);

    /// <summary>One pass: queue the events of rows about to expire, carry out what is due. Returns how many removals were completed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await QueueExpiringAsync(cancellationToken).ConfigureAwait(false);
        var completed = await outbox.ProcessDueAsync(cancellationToken).ConfigureAwait(false);
        if (calendar is LocalCalendarProvider local)
        {
            await local.DeleteExpiredAsync(cancellationToken).ConfigureAwait(false);
        }

        // Counting the outbox is one more query: only when telemetry is on and collects the gauge.
        if (metrics is { IsOutboxBacklogObserved: true })
        {
            metrics.OutboxBacklog(await outbox.BacklogAsync(cancellationToken).ConfigureAwait(false));
        }

        return completed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await RunOnceAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // Only the type: storage exceptions may quote keys.
                    LogPassFailed(logger, exception.GetType().Name);
                }

                await outbox.WaitForWorkAsync(options.Value.PollInterval, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; what is queued stays queued.
        }
    }

    private async Task QueueExpiringAsync(CancellationToken cancellationToken)
    {
        var threshold = clock.GetUtcNow() + QueueBeforeExpiry;
        var expiring = new List<(string BookingId, string EventId)>();
        await foreach (var item in storage.QueryAsync(BookingRecord.Partition, cancellationToken).ConfigureAwait(false))
        {
            if (item.ExpiresAt is { } expiresAt && expiresAt <= threshold
                && JsonSerializer.Deserialize<BookingRecord>(item.Data.Span, NodaJson.Options) is { EventId: { } eventId } booking)
            {
                expiring.Add((booking.BookingId, eventId));
            }
        }

        foreach (var (bookingId, eventId) in expiring)
        {
            await outbox.EnqueueAsync(bookingId, eventId, notBefore: null, cancellationToken).ConfigureAwait(false);
        }

        if (expiring.Count > 0)
        {
            LogQueuedExpiring(logger, expiring.Count);
        }
    }

    [LoggerMessage(EventId = 434, Level = LogLevel.Information, Message = "Queued the calendar events of {Count} booking(s) whose retention ends soon.")]
    private static partial void LogQueuedExpiring(ILogger logger, int count);

    [LoggerMessage(EventId = 435, Level = LogLevel.Warning, Message = "A calendar removal pass failed ({ExceptionType}); the next pass tries again.")]
    private static partial void LogPassFailed(ILogger logger, string exceptionType);
}
