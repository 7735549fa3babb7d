using System.ComponentModel.DataAnnotations;

namespace ConfidantBot.Booking.Removal;

/// <summary>How the outbox removes organiser events from the calendar. Section <c>CalendarRemoval</c>.</summary>
public sealed class CalendarRemovalOptions
{
    public const string SectionName = "CalendarRemoval";

    /// <summary>How often the outbox is checked when nothing wakes it earlier.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "CalendarRemoval:PollInterval must be between 00:00:01 and 01:00:00.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The wait after the first failed attempt; it doubles with every further failure.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "CalendarRemoval:FirstRetryAfter must be between 00:00:01 and 01:00:00.")]
    public TimeSpan FirstRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between two attempts.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "CalendarRemoval:MaxRetryAfter must be between 00:00:01 and 1.00:00:00 (one day).")]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Whether the meeting messages Exchange keeps in the service mailbox (the sent invitation,
    /// reminders, the cancellation, the confidant's answers) are deleted for good after the event.
    /// Needs <c>Mail.ReadWrite</c> on the service mailbox only (infra/README.md); without it Graph
    /// answers 403, which is logged and counted, and the messages stay.
    /// </summary>
    public bool DeleteMeetingMessages { get; set; } = true;

    /// <summary>
    /// How long after the event's removal its meeting messages are looked for: the cancellation
    /// reaches Sent Items only after Exchange has sent it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00", ErrorMessage = "CalendarRemoval:MeetingMessagesDelay must be between 00:01:00 and 1.00:00:00 (one day).")]
    public TimeSpan MeetingMessagesDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long one instance holds a claimed removal before another instance may take it over.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00", ErrorMessage = "CalendarRemoval:ClaimDuration must be between 00:00:10 and 01:00:00.")]
    public TimeSpan ClaimDuration { get; set; } = TimeSpan.FromMinutes(2);
}
