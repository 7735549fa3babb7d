using System.ComponentModel.DataAnnotations;

namespace ConfidantBot.Booking.Availability;

/// <summary>Which slots are offered. Section <c>Availability</c>.</summary>
public sealed class AvailabilityOptions
{
    public const string SectionName = "Availability";

    /// <summary>No slot starts sooner than this: the confidant needs time to see the request.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00", ErrorMessage = "Availability:LeadTime must be between 00:00:00 and 7.00:00:00 (seven days).")]
    public TimeSpan LeadTime { get; set; } = TimeSpan.FromHours(4);

    /// <summary>How far ahead slots are offered.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "60.00:00:00", ErrorMessage = "Availability:Horizon must be between 1.00:00:00 and 60.00:00:00 (60 days).")]
    public TimeSpan Horizon { get; set; } = TimeSpan.FromDays(21);

    /// <summary>The time zone of consultation hours.</summary>
    [Required(ErrorMessage = "Availability:TimeZone must name an IANA time zone, e.g. Europe/Amsterdam.")]
    public string TimeZone { get; set; } = "Europe/Amsterdam";
}
