using System.ComponentModel.DataAnnotations;

namespace ConfidantBot.Figures;

/// <summary>Settings of the anonymous figures. Section <c>Figures</c>.</summary>
public sealed class FiguresOptions
{
    public const string SectionName = "Figures";

    /// <summary>Any figure below this is shown as "&lt; N" (and enough others are hidden that it cannot be worked out).</summary>
    [Range(2, 100, ErrorMessage = "Figures:SmallCountThreshold must be a whole number from 2 to 100 (5 is the usual choice).")]
    public int SmallCountThreshold { get; set; } = 5;

    /// <summary>How often one increment is tried when other instances write the same counter at once.</summary>
    [Range(1, 1000, ErrorMessage = "Figures:MaxIncrementAttempts must be from 1 to 1000.")]
    public int MaxIncrementAttempts { get; set; } = 100;

    /// <summary>
    /// The bot's public address (e.g. <c>https://confidantbot.gemeente.nl/</c>), for the link to the
    /// printable yearly overview in Teams. Empty: in local mode the link is relative (the local page
    /// opens it); otherwise the report card offers no link.
    /// </summary>
    [Url(ErrorMessage = "Figures:PublicBaseUrl must be the bot's absolute https address, e.g. https://confidantbot.gemeente.nl/.")]
    public string? PublicBaseUrl { get; set; }
}
