using ConfidantBot.Booking.Availability;
using NodaTime;

namespace ConfidantBot.Booking.Calendar;

/// <summary>
/// Everything the confidant will see about a booking, and no more: the event lies in the
/// municipality's service mailbox too. A reference to answer by, a pseudonym to address the person,
/// the time, and how to meet: a number to call only when the confidant calls, the confidant's own
/// office for a talk in person. No topic, no audience, no free text; never the person's Teams identity.
/// </summary>
public sealed record BookingInvitation(
    string BookingId,
    string ReferenceCode,
    string Pseudonym,
    string ConfidantEmail,
    Instant Start,
    Instant End,
    MeetingMode Mode,
    string? PhoneNumberToCall,
    string? OfficeAddress);

/// <summary>The confidant's answer as it shows on the event.</summary>
public enum AttendeeAnswer
{
    None,
    Accepted,
    Declined,
    Tentative,
    NewTimeProposed,
}

/// <summary>What became of a cancel on the way to removing an event.</summary>
public enum EventCancelOutcome
{
    /// <summary>The confidant was sent a cancellation.</summary>
    Cancelled,

    /// <summary>The event no longer exists (deleted earlier, by anyone).</summary>
    Gone,

    /// <summary>The calendar will not cancel this event (e.g. already cancelled); nothing was sent.</summary>
    Refused,
}

public sealed record CalendarEventRef(string EventId, string? JoinUrl);

/// <summary>
/// What ties the meeting messages Exchange keeps in the organiser's mailbox (the sent invitation,
/// forwarded reminders, the cancellation, the confidant's answers) to one event: the event's clean
/// global object id (MAPI <c>PidLidCleanGlobalObjectId</c>, base64), which [MS-OXOCAL] gives every
/// meeting object of the same meeting, and when the event was created (no message is older).
/// An identifier of the meeting, nothing about the person.
/// </summary>
public sealed record MeetingMessagesKey(string CleanGlobalObjectId, Instant EventCreated);

public sealed record AttendeeResponse(AttendeeAnswer Answer, Instant? ProposedStart, Instant? ProposedEnd);

/// <summary>Calendars behind one interface: Microsoft Graph in production, the embedded store locally.</summary>
public interface ICalendarProvider
{
    /// <summary>Busy periods of in-tenant calendars between two instants.</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<TimeRange>>> GetBusyAsync(IReadOnlyCollection<string> calendarUserIds, Instant from, Instant to, CancellationToken cancellationToken);

    /// <summary>Creates the event with the confidant as the only attendee. Idempotent per booking id.</summary>
    Task<CalendarEventRef> CreateEventAsync(BookingInvitation invitation, CancellationToken cancellationToken);

    Task<AttendeeResponse> GetResponseAsync(string eventId, CancellationToken cancellationToken);

    /// <summary>Cancels the event; the confidant is told it was cancelled, nothing more.</summary>
    Task CancelEventAsync(string eventId, CancellationToken cancellationToken);

    /// <summary>
    /// The first step of removing the organiser's event: the confidant gets a cancellation (their
    /// own copy is theirs), the organiser's copy leaves the calendar. Never throws for an event
    /// that is gone or that the calendar will not cancel: removal goes on to
    /// <see cref="DeleteEventPermanentlyAsync"/> either way.
    /// </summary>
    /// <exception cref="CalendarUnavailableException">Try again later.</exception>
    /// <exception cref="CalendarAccessDeniedException">A configuration problem; try again later.</exception>
    Task<EventCancelOutcome> TryCancelEventAsync(string eventId, CancellationToken cancellationToken);

    /// <summary>
    /// The second step: the organiser's copy is deleted for good, wherever the cancel moved it
    /// (Graph: <c>permanentDelete</c>, out of Deleted Items into the purges folder). False when it
    /// was already gone.
    /// </summary>
    /// <exception cref="CalendarUnavailableException">Try again later.</exception>
    /// <exception cref="CalendarAccessDeniedException">A configuration problem; try again later.</exception>
    Task<bool> DeleteEventPermanentlyAsync(string eventId, CancellationToken cancellationToken);

    /// <summary>
    /// Before the removal begins: what identifies the event's meeting messages, so they can be
    /// found after the event itself is gone. Null when the event is gone already, or when this
    /// calendar keeps no meeting messages (the local calendar sends no mail).
    /// </summary>
    /// <exception cref="CalendarUnavailableException">Try again later.</exception>
    /// <exception cref="CalendarAccessDeniedException">A configuration problem; try again later.</exception>
    Task<MeetingMessagesKey?> FindMeetingMessagesKeyAsync(string eventId, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes for good every message in the organiser's mailbox that belongs to the meeting of
    /// <paramref name="key"/> (same clean global object id) and nothing else; returns how many.
    /// Messages already gone count as deleted.
    /// </summary>
    /// <exception cref="CalendarUnavailableException">Try again later.</exception>
    /// <exception cref="MeetingMessagesAccessDeniedException">The app may not read or delete mail in the organiser's mailbox.</exception>
    Task<int> DeleteMeetingMessagesAsync(MeetingMessagesKey key, CancellationToken cancellationToken);

    /// <summary>Reminds the confidant of a request they have not answered yet.</summary>
    Task SendReminderAsync(string eventId, CancellationToken cancellationToken);
}

/// <summary>The calendar refused access: a configuration problem (e.g. a mailbox outside the RBAC scope).</summary>
public sealed class CalendarAccessDeniedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Graph refused to find or delete the service mailbox's meeting messages (401/403): the app lacks
/// <c>Mail.ReadWrite</c> on the service mailbox. A configuration problem that retrying will not cure.
/// </summary>
public sealed class MeetingMessagesAccessDeniedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The calendar service could not be reached or kept failing.</summary>
public sealed class CalendarUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
