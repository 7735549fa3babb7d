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

    /// <summary>Reminds the confidant of a request they have not answered yet.</summary>
    Task SendReminderAsync(string eventId, CancellationToken cancellationToken);
}

/// <summary>The calendar refused access: a configuration problem (e.g. a mailbox outside the RBAC scope).</summary>
public sealed class CalendarAccessDeniedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The calendar service could not be reached or kept failing.</summary>
public sealed class CalendarUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
