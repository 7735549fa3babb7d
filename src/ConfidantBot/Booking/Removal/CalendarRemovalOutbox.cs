using System.Text.Json;
using ConfidantBot.Booking.Calendar;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.Operations;
using Microsoft.Extensions.Options;
using NodaTime;

namespace ConfidantBot.Booking.Removal;

/// <summary>
/// One queued removal of a booking's organiser event: first the cancel (the confidant is told),
/// then the delete for good, then (a little later) the meeting messages Exchange kept of it in the
/// service mailbox. Holds the event id, the meeting's object id and the progress, nothing about the person.
/// </summary>
public sealed record CalendarRemoval
{
    public required string EventId { get; init; }

    public required Instant QueuedAt { get; init; }

    /// <summary>Not tried before this moment (a decline's grace period, or the next retry).</summary>
    public required Instant DueAt { get; init; }

    /// <summary>The cancel step is behind us: a retry goes straight to the delete, so the confidant gets one cancellation.</summary>
    public bool CancelDone { get; init; }

    /// <summary>The meeting's key was looked up (before the cancel); <see cref="MeetingMessages"/> holds it, or null when there is none.</summary>
    public bool MeetingMessagesLookedUp { get; init; }

    /// <summary>What finds the event's meeting messages after the event is gone.</summary>
    public MeetingMessagesKey? MeetingMessages { get; init; }

    /// <summary>The event is deleted for good; what is left is its meeting messages.</summary>
    public bool EventDeleted { get; init; }

    public int Attempts { get; init; }

    /// <summary>An instance is working on it until then; another may take over after that.</summary>
    public Instant? ClaimedUntil { get; init; }
}

/// <summary>
/// The outbox through which organiser events are removed from the calendar. Queuing is a store
/// write, so a calendar that fails or is slow delays the removal, never the caller (forget-me,
/// cancel, a decline, retention). Items live in the same <see cref="IStorage"/> as the bookings
/// (SQLite or Azure Table Storage), keyed by booking id; every change is an ETag-conditional
/// write, so on several instances each removal is claimed and carried out by one of them.
/// </summary>
public sealed partial class CalendarRemovalOutbox(
    IStorage storage,
    ICalendarProvider calendar,
    IOptions<CalendarRemovalOptions> options,
    TimeProvider clock,
    ILogger<CalendarRemovalOutbox> logger,
    ConfidantBotMetrics? metrics = null)
{
    public const string Partition = "calendar-removal";

    private readonly SemaphoreSlim _work = new(0, 1);

    private Instant Now => Instant.FromDateTimeOffset(clock.GetUtcNow());

    /// <summary>
    /// Queues the removal of <paramref name="eventId"/> (cancel, then delete for good), not before
    /// <paramref name="notBefore"/> (null: at once). Queuing again is harmless: an earlier due
    /// time replaces a later one, progress is kept.
    /// </summary>
    public async Task EnqueueAsync(string bookingId, string eventId, Instant? notBefore, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(bookingId);
        ArgumentException.ThrowIfNullOrEmpty(eventId);
        var key = Key(bookingId);
        while (true)
        {
            var now = Now;
            var due = notBefore is { } later && later > now ? later : now;
            var item = await storage.ReadAsync(key, cancellationToken).ConfigureAwait(false);
            try
            {
                if (item is null)
                {
                    await storage.WriteAsync(key, Serialize(new CalendarRemoval { EventId = eventId, QueuedAt = now, DueAt = due }), ifMatch: null, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var queued = Deserialize(item.Data);
                    if (queued.DueAt > due)
                    {
                        await storage.WriteAsync(key, Serialize(queued with { DueAt = due }), item.ETag, cancellationToken: cancellationToken).ConfigureAwait(false);
                    }
                }

                break;
            }
            catch (StorageConflictException)
            {
                // Another instance queued or claimed it at the same moment: read again.
            }
        }

        if (notBefore is null || notBefore <= Now)
        {
            Wake();
        }
    }

    /// <summary>
    /// Takes back a removal that has not begun (e.g. the confidant accepted after all within a
    /// decline's grace period). False when there is none, or when the confidant was already told.
    /// </summary>
    public async Task<bool> WithdrawAsync(string bookingId, CancellationToken cancellationToken)
    {
        var key = Key(bookingId);
        while (await storage.ReadAsync(key, cancellationToken).ConfigureAwait(false) is { } item)
        {
            var queued = Deserialize(item.Data);
            if (queued.CancelDone || queued.ClaimedUntil > Now)
            {
                return false;
            }

            try
            {
                return await storage.DeleteAsync(key, item.ETag, cancellationToken).ConfigureAwait(false);
            }
            catch (StorageConflictException)
            {
                // Changed meanwhile: look again.
            }
        }

        return false;
    }

    /// <summary>The queued removal of a booking's event, or null.</summary>
    public async Task<CalendarRemoval?> FindAsync(string bookingId, CancellationToken cancellationToken)
    {
        var item = await storage.ReadAsync(Key(bookingId), cancellationToken).ConfigureAwait(false);
        return item is null ? null : Deserialize(item.Data);
    }

    /// <summary>How many removals are waiting (due or not), for monitoring.</summary>
    public async Task<int> BacklogAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var _ in storage.QueryAsync(Partition, cancellationToken).ConfigureAwait(false))
        {
            count++;
        }

        return count;
    }

    /// <summary>
    /// Carries out every removal that is due and not claimed by another instance. A calendar
    /// failure puts the removal back with a longer wait (doubling up to
    /// <see cref="CalendarRemovalOptions.MaxRetryAfter"/>). Returns how many were completed.
    /// </summary>
    public async Task<int> ProcessDueAsync(CancellationToken cancellationToken)
    {
        // Materialised first: each item is rewritten while we walk, and not every store allows that mid-query.
        var items = new List<StoredItem>();
        await foreach (var item in storage.QueryAsync(Partition, cancellationToken).ConfigureAwait(false))
        {
            items.Add(item);
        }

        var completed = 0;
        foreach (var item in items)
        {
            if (await TryRemoveAsync(item, cancellationToken).ConfigureAwait(false))
            {
                completed++;
            }
        }

        return completed;
    }

    /// <summary>Lets the background service start a pass now instead of at its next interval.</summary>
    public void Wake()
    {
        try
        {
            _work.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
    }

    /// <summary>Waits until <see cref="Wake"/> is called or <paramref name="interval"/> has passed.</summary>
    public async Task WaitForWorkAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var woken = _work.WaitAsync(waiting.Token);
        var elapsed = Task.Delay(interval, clock, waiting.Token);
        await Task.WhenAny(woken, elapsed).ConfigureAwait(false);
        await waiting.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (!woken.IsCanceled && !woken.IsFaulted && elapsed.IsCompletedSuccessfully)
        {
            // Both finished: keep the wake-up for the next wait rather than lose it.
            Wake();
        }
    }

    private async Task<bool> TryRemoveAsync(StoredItem item, CancellationToken cancellationToken)
    {
        var now = Now;
        var removal = Deserialize(item.Data);
        if (removal.DueAt > now || removal.ClaimedUntil > now)
        {
            return false;
        }

        // Claim it: only the instance whose write wins goes on; an instance that dies leaves the claim to lapse.
        var claimed = removal with { Attempts = removal.Attempts + 1, ClaimedUntil = now + Duration.FromTimeSpan(options.Value.ClaimDuration) };
        string etag;
        try
        {
            etag = await storage.WriteAsync(item.Key, Serialize(claimed), item.ETag, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (StorageConflictException)
        {
            return false;
        }

        var progress = new Progress(item.Key, claimed, etag);
        try
        {
            return claimed.EventDeleted
                ? await RemoveMeetingMessagesAsync(progress, cancellationToken).ConfigureAwait(false)
                : await RemoveEventAsync(progress, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is CalendarUnavailableException or CalendarAccessDeniedException)
        {
            // Put back with a longer wait, keeping the steps that are done.
            var wait = RetryAfter(progress.Removal.Attempts);
            LogRetryLater(logger, exception.GetType().Name, progress.Removal.Attempts, wait);
            try
            {
                await storage.WriteAsync(item.Key, Serialize(progress.Removal with { ClaimedUntil = null, DueAt = Now + Duration.FromTimeSpan(wait) }), progress.ETag, cancellationToken: CancellationToken.None).ConfigureAwait(false);
            }
            catch (StorageConflictException)
            {
                // Our claim lapsed and another instance took over; it carries on.
            }

            return false;
        }
        catch (StorageConflictException)
        {
            // Our claim lapsed and another instance took over; it carries on from the progress it read.
            return false;
        }
    }

    /// <summary>Cancel (once), delete for good; then either done, or the meeting messages wait for their turn.</summary>
    private async Task<bool> RemoveEventAsync(Progress progress, CancellationToken cancellationToken)
    {
        var eventId = progress.Removal.EventId;
        if (!progress.Removal.CancelDone && !progress.Removal.MeetingMessagesLookedUp && options.Value.DeleteMeetingMessages)
        {
            // Before the cancel: once the event is gone, nothing else ties its messages to it.
            var meetingMessages = await calendar.FindMeetingMessagesKeyAsync(eventId, cancellationToken).ConfigureAwait(false);
            await SaveAsync(progress, progress.Removal with { MeetingMessagesLookedUp = true, MeetingMessages = meetingMessages }, cancellationToken).ConfigureAwait(false);
        }

        if (!progress.Removal.CancelDone)
        {
            var outcome = await calendar.TryCancelEventAsync(eventId, cancellationToken).ConfigureAwait(false);
            await SaveAsync(progress, progress.Removal with { CancelDone = true }, cancellationToken).ConfigureAwait(false);
            LogCancelled(logger, outcome);
        }

        var deleted = await calendar.DeleteEventPermanentlyAsync(eventId, cancellationToken).ConfigureAwait(false);
        var attempts = progress.Removal.Attempts;
        if (progress.Removal.MeetingMessages is not null && options.Value.DeleteMeetingMessages)
        {
            // The cancellation reaches Sent Items only once Exchange has sent it: look a little later.
            await SaveAsync(progress, progress.Removal with { EventDeleted = true, Attempts = 0, ClaimedUntil = null, DueAt = Now + Duration.FromTimeSpan(options.Value.MeetingMessagesDelay) }, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await storage.DeleteAsync(progress.Key, progress.ETag, cancellationToken).ConfigureAwait(false);
        }

        await ForgetEventIdAsync(progress.Key.Id, eventId, cancellationToken).ConfigureAwait(false);
        LogRemoved(logger, deleted, attempts);
        return true;
    }

    /// <summary>
    /// The last step: the meeting messages in the service mailbox are deleted for good. Without
    /// permission (403) they stay: logged as a configuration error and counted, never retried, and
    /// never in the way of anything (the person's data and the event are gone already).
    /// </summary>
    private async Task<bool> RemoveMeetingMessagesAsync(Progress progress, CancellationToken cancellationToken)
    {
        try
        {
            var deleted = await calendar.DeleteMeetingMessagesAsync(progress.Removal.MeetingMessages!, cancellationToken).ConfigureAwait(false);
            LogMeetingMessagesDeleted(logger, deleted, progress.Removal.Attempts);
        }
        catch (MeetingMessagesAccessDeniedException)
        {
            LogMeetingMessagesDenied(logger);
            metrics?.MeetingMessagesKept("denied");
        }

        await storage.DeleteAsync(progress.Key, progress.ETag, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task SaveAsync(Progress progress, CalendarRemoval next, CancellationToken cancellationToken)
    {
        progress.ETag = await storage.WriteAsync(progress.Key, Serialize(next), progress.ETag, cancellationToken: cancellationToken).ConfigureAwait(false);
        progress.Removal = next;
    }

    /// <summary>Where a claimed removal stands: what this instance last wrote, and its ETag.</summary>
    private sealed class Progress(StorageKey key, CalendarRemoval removal, string etag)
    {
        public StorageKey Key { get; } = key;

        public CalendarRemoval Removal { get; set; } = removal;

        public string ETag { get; set; } = etag;
    }

    /// <summary>The booking row no longer points to an event that is gone (and keeps one fact less).</summary>
    private async Task ForgetEventIdAsync(string bookingId, string eventId, CancellationToken cancellationToken)
    {
        var key = new StorageKey(BookingRecord.Partition, bookingId);
        while (await storage.ReadAsync(key, cancellationToken).ConfigureAwait(false) is { } item)
        {
            var booking = JsonSerializer.Deserialize<BookingRecord>(item.Data.Span, NodaJson.Options)!;
            if (booking.EventId != eventId)
            {
                return;
            }

            try
            {
                await storage.WriteAsync(key, JsonSerializer.SerializeToUtf8Bytes(booking with { EventId = null, JoinUrl = null }, NodaJson.Options), item.ETag, item.ExpiresAt, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (StorageConflictException)
            {
                // The relay changed the row at the same moment: read again.
            }
        }
    }

    private TimeSpan RetryAfter(int attempts)
    {
        var first = options.Value.FirstRetryAfter;
        var max = options.Value.MaxRetryAfter;
        var factor = Math.Pow(2, Math.Min(Math.Max(attempts - 1, 0), 30));
        var wait = TimeSpan.FromTicks((long)Math.Min(first.Ticks * factor, max.Ticks));
        return wait < first ? first : wait;
    }

    private static StorageKey Key(string bookingId) => new(Partition, bookingId);

    private static byte[] Serialize(CalendarRemoval removal) => JsonSerializer.SerializeToUtf8Bytes(removal, NodaJson.Options);

    private static CalendarRemoval Deserialize(ReadOnlyMemory<byte> data) => JsonSerializer.Deserialize<CalendarRemoval>(data.Span, NodaJson.Options)!;

    [LoggerMessage(EventId = 431, Level = LogLevel.Information, Message = "Calendar removal: the cancel step ended as {Outcome}.")]
    private static partial void LogCancelled(ILogger logger, EventCancelOutcome outcome);

    [LoggerMessage(EventId = 432, Level = LogLevel.Information, Message = "Calendar removal done (event deleted now: {Deleted}) after {Attempts} attempt(s).")]
    private static partial void LogRemoved(ILogger logger, bool deleted, int attempts);

    [LoggerMessage(EventId = 436, Level = LogLevel.Information, Message = "Calendar removal: {Count} meeting message(s) of the removed event deleted from the service mailbox after {Attempts} attempt(s).")]
    private static partial void LogMeetingMessagesDeleted(ILogger logger, int count, int attempts);

    [LoggerMessage(EventId = 437, Level = LogLevel.Error, Message = "Configuration error: Graph refused (403) to find or delete the meeting messages of a removed event in the service mailbox; they stay there (sent invitation, reminders, cancellation, answers). Grant the app Mail.ReadWrite on the service mailbox only, through Exchange RBAC for Applications (infra/README.md), or set CalendarRemoval:DeleteMeetingMessages to false.")]
    private static partial void LogMeetingMessagesDenied(ILogger logger);

    [LoggerMessage(EventId = 433, Level = LogLevel.Warning, Message = "Calendar removal failed ({ExceptionType}, attempt {Attempts}); tried again in {Wait}.")]
    private static partial void LogRetryLater(ILogger logger, string exceptionType, int attempts, TimeSpan wait);
}
