using System.Runtime.CompilerServices;
using System.Text.Json;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.Privacy.Retention;
using Microsoft.Extensions.Options;
using NodaTime;
using TimeRange = ConfidantBot.Booking.Availability.TimeRange;

namespace ConfidantBot.Booking.Calendar;

/// <summary>An event in the local calendar, as the confidant would see it in their mailbox.</summary>
public sealed record LocalCalendarEvent(
    string EventId,
    string ConfidantEmail,
    string Subject,
    string ReferenceCode,
    string Pseudonym,
    Instant Start,
    Instant End,
    MeetingMode Mode,
    string? PhoneNumberToCall,
    AttendeeAnswer Answer,
    Instant? ProposedStart,
    Instant? ProposedEnd,
    bool Cancelled,
    int RemindersSent = 0);

/// <summary>
/// The calendar of local mode. It stands in for the confidants' own mailboxes, so it lives in a
/// store of its own (not the bot's store): what it holds is what Exchange would hold in production.
/// A developer plays the confidant on the local confidant page.
/// </summary>
public sealed class LocalCalendarProvider(LocalCalendarStore store, IOptions<RetentionOptions>? retention = null) : ICalendarProvider
{
    private const string Partition = "local-calendar";

    public Task<IReadOnlyDictionary<string, IReadOnlyList<TimeRange>>> GetBusyAsync(IReadOnlyCollection<string> calendarUserIds, Instant from, Instant to, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<TimeRange>>>(calendarUserIds.ToDictionary(id => id, _ => (IReadOnlyList<TimeRange>)[], StringComparer.OrdinalIgnoreCase));

    public async Task<CalendarEventRef> CreateEventAsync(BookingInvitation invitation, CancellationToken cancellationToken)
    {
        // The booking id is the event id: creating twice returns the first event, like Graph's transactionId.
        var key = new StorageKey(Partition, invitation.BookingId);
        var calendarEvent = new LocalCalendarEvent(
            invitation.BookingId, invitation.ConfidantEmail, InvitationText.Subject(invitation.ReferenceCode), invitation.ReferenceCode, invitation.Pseudonym,
            invitation.Start, invitation.End, invitation.Mode, invitation.PhoneNumberToCall, AttendeeAnswer.None, null, null, Cancelled: false);
        try
        {
            await store.Storage.WriteAsync(key, Serialize(calendarEvent), ifMatch: null, ExpiresAt(invitation.End), cancellationToken).ConfigureAwait(false);
        }
        catch (StorageConflictException)
        {
            // Already created by an earlier attempt.
        }

        return new CalendarEventRef(invitation.BookingId, invitation.Mode == MeetingMode.Online ? $"/local/meeting/{invitation.BookingId}" : null);
    }

    public async Task<AttendeeResponse> GetResponseAsync(string eventId, CancellationToken cancellationToken)
    {
        var calendarEvent = await FindAsync(eventId, cancellationToken).ConfigureAwait(false);
        return calendarEvent is null
            ? new AttendeeResponse(AttendeeAnswer.None, null, null)
            : new AttendeeResponse(calendarEvent.Answer, calendarEvent.ProposedStart, calendarEvent.ProposedEnd);
    }

    public Task CancelEventAsync(string eventId, CancellationToken cancellationToken)
        => UpdateAsync(eventId, calendarEvent => calendarEvent with { Cancelled = true }, cancellationToken);

    public async Task<EventCancelOutcome> TryCancelEventAsync(string eventId, CancellationToken cancellationToken)
    {
        var wasCancelled = false;
        var found = await UpdateAsync(
            eventId,
            calendarEvent =>
            {
                wasCancelled = calendarEvent.Cancelled;
                return calendarEvent with { Cancelled = true };
            },
            cancellationToken).ConfigureAwait(false);
        return !found ? EventCancelOutcome.Gone : wasCancelled ? EventCancelOutcome.Refused : EventCancelOutcome.Cancelled;
    }

    public Task<bool> DeleteEventPermanentlyAsync(string eventId, CancellationToken cancellationToken)
        => store.Storage.DeleteAsync(new StorageKey(Partition, eventId), ETags.Any, cancellationToken);

    /// <summary>The local calendar sends no mail, so it keeps no meeting messages.</summary>
    public Task<MeetingMessagesKey?> FindMeetingMessagesKeyAsync(string eventId, CancellationToken cancellationToken) => Task.FromResult<MeetingMessagesKey?>(null);

    public Task<int> DeleteMeetingMessagesAsync(MeetingMessagesKey key, CancellationToken cancellationToken) => Task.FromResult(0);

    /// <summary>Removes events past the retention period from the file, as the bot's own store does.</summary>
    public Task<int> DeleteExpiredAsync(CancellationToken cancellationToken) => store.Storage.DeleteExpiredAsync(cancellationToken);

    public Task SendReminderAsync(string eventId, CancellationToken cancellationToken)
        => UpdateAsync(eventId, calendarEvent => calendarEvent with { RemindersSent = calendarEvent.RemindersSent + 1 }, cancellationToken);

    /// <summary>The confidant's answer, given on the local confidant page.</summary>
    public Task<bool> AnswerAsync(string eventId, AttendeeAnswer answer, Instant? proposedStart, Instant? proposedEnd, CancellationToken cancellationToken)
        => UpdateAsync(eventId, calendarEvent => calendarEvent with { Answer = answer, ProposedStart = proposedStart, ProposedEnd = proposedEnd }, cancellationToken);

    public async IAsyncEnumerable<LocalCalendarEvent> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in store.Storage.QueryAsync(Partition, cancellationToken).ConfigureAwait(false))
        {
            yield return Deserialize(item.Data);
        }
    }

    public async Task<LocalCalendarEvent?> FindAsync(string eventId, CancellationToken cancellationToken)
    {
        var item = await store.Storage.ReadAsync(new StorageKey(Partition, eventId), cancellationToken).ConfigureAwait(false);
        return item is null ? null : Deserialize(item.Data);
    }

    private async Task<bool> UpdateAsync(string eventId, Func<LocalCalendarEvent, LocalCalendarEvent> change, CancellationToken cancellationToken)
    {
        var key = new StorageKey(Partition, eventId);
        while (true)
        {
            var item = await store.Storage.ReadAsync(key, cancellationToken).ConfigureAwait(false);
            if (item is null)
            {
                return false;
            }

            try
            {
                await store.Storage.WriteAsync(key, Serialize(change(Deserialize(item.Data))), item.ETag, item.ExpiresAt, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (StorageConflictException)
            {
                // Someone answered at the same moment: read again and apply on top.
            }
        }
    }

    /// <summary>The same retention as the bot's booking rows: the appointment plus <see cref="RetentionOptions.DaysAfterAppointment"/>.</summary>
    private DateTimeOffset ExpiresAt(Instant end)
        => (retention?.Value ?? new RetentionOptions()).RoutingExpiry(end.ToDateTimeOffset());

    private static byte[] Serialize(LocalCalendarEvent calendarEvent) => JsonSerializer.SerializeToUtf8Bytes(calendarEvent, NodaJson.Options);

    private static LocalCalendarEvent Deserialize(ReadOnlyMemory<byte> data) => JsonSerializer.Deserialize<LocalCalendarEvent>(data.Span, NodaJson.Options)!;
}

/// <summary>The local calendar's own store (a separate SQLite file), so the bot's store never holds what a mailbox would.</summary>
public sealed record LocalCalendarStore(IStorage Storage);
