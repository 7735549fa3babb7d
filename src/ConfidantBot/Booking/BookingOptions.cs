using System.ComponentModel.DataAnnotations;

namespace ConfidantBot.Booking;

/// <summary>Booking behaviour. Section <c>Booking</c>.</summary>
public sealed class BookingOptions
{
    public const string SectionName = "Booking";

    /// <summary>How often pending bookings are checked for the confidant's answer.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00", ErrorMessage = "Booking:AnswerPollInterval must be between 00:00:05 and 1.00:00:00 (one day).")]
    public TimeSpan AnswerPollInterval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>When the confidant has not answered by then, they get a reminder and the person is told.</summary>
    [Range(typeof(TimeSpan), "00:10:00", "14.00:00:00", ErrorMessage = "Booking:ReminderAfter must be between 00:10:00 and 14.00:00:00 (14 days).")]
    public TimeSpan ReminderAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// After a decline the organiser's event stays this long (unless the person rebooks or cancels
    /// first), so that a confidant who changes their mind to "accepted" is still relayed.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "14.00:00:00", ErrorMessage = "Booking:DeclineGracePeriod must be between 00:00:00 and 14.00:00:00 (14 days).")]
    public TimeSpan DeclineGracePeriod { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How many slots the person sees at once.</summary>
    [Range(1, 10, ErrorMessage = "Booking:SlotsPerPage must be between 1 and 10.")]
    public int SlotsPerPage { get; set; } = 4;

    /// <summary>The service mailbox, as the infrastructure names it (<c>Booking__ServiceMailbox</c>); the same as <c>Graph:ServiceMailbox</c>.</summary>
    public string? ServiceMailbox { get; set; }
}
