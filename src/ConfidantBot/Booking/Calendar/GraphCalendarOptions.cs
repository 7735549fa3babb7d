using System.ComponentModel.DataAnnotations;

namespace ConfidantBot.Booking.Calendar;

/// <summary>Microsoft Graph calendar settings. Section <c>Graph</c>.</summary>
public sealed class GraphCalendarOptions
{
    public const string SectionName = "Graph";

    /// <summary>The service mailbox that organises every booking event (UPN or object id).</summary>
    [Required]
    public string ServiceMailbox { get; set; } = "";

    /// <summary>Graph's base URL; only tests change it (to a fake on 127.0.0.1).</summary>
    [Required]
    public string BaseUrl { get; set; } = "https://graph.microsoft.com/v1.0";
}
