using System.ComponentModel.DataAnnotations;

namespace ConfidantBot.Booking.Calendar;

/// <summary>Microsoft Graph calendar settings. Section <c>Graph</c>.</summary>
public sealed class GraphCalendarOptions
{
    public const string SectionName = "Graph";

    /// <summary>The service mailbox that organises every booking event (UPN or object id).</summary>
    [Required(ErrorMessage = "Graph:ServiceMailbox (or Booking:ServiceMailbox) must name the service mailbox that organises the appointments.")]
    public string ServiceMailbox { get; set; } = "";

    /// <summary>Graph's base URL; only tests change it (to a fake on 127.0.0.1).</summary>
    [Required(ErrorMessage = "Graph:BaseUrl must be Graph's base URL, e.g. https://graph.microsoft.com/v1.0.")]
    public string BaseUrl { get; set; } = "https://graph.microsoft.com/v1.0";
}
