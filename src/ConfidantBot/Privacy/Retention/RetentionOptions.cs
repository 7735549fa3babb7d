using System.ComponentModel.DataAnnotations;

namespace ConfidantBot.Privacy.Retention;

/// <summary>Configuration section <c>Retention</c>: how long routing data lives, and how often expired data is swept.</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>Routing records are deleted this many days after the appointment.</summary>
    [Range(0, 365, ErrorMessage = "Retention:DaysAfterAppointment must be between 0 and 365 days.")]
    public int DaysAfterAppointment { get; set; } = 14;

    /// <summary>How often expired items are removed.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00", ErrorMessage = "Retention:SweepInterval must be between 00:01:00 and 1.00:00:00 (one day).")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>When a routing record for an appointment ending at <paramref name="appointmentEnd"/> expires.</summary>
    public DateTimeOffset RoutingExpiry(DateTimeOffset appointmentEnd) => appointmentEnd.AddDays(DaysAfterAppointment);
}
