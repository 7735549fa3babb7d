using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using NodaTime;
using ConfidantBot.Presentation;
using NodaTime.Text;

namespace ConfidantBot.Booking.Calendar;

/// <summary>
/// The subject and body the confidant receives: reference, pseudonym, time, how to meet and how to
/// answer, in Dutch with English. Nothing else: the event also lies in the municipality's service
/// mailbox, where its Exchange admin can read it. Values are HTML-encoded into a template.
/// </summary>
public static class InvitationText
{
    private static readonly string Template = LoadTemplate();
    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");
    private static readonly LocalDateTimePattern DutchTime = LocalDateTimePattern.Create("dddd d MMMM yyyy 'om' HH:mm", CultureInfo.GetCultureInfo("nl-NL"));
    private static readonly LocalDateTimePattern EnglishTime = LocalDateTimePattern.Create("dddd d MMMM yyyy 'at' HH:mm", CultureInfo.GetCultureInfo("en-GB"));

    public static string Subject(string referenceCode) => $"Vertrouwelijk gesprek {referenceCode}";

    public static string Body(BookingInvitation invitation, DateTimeZone zone)
    {
        var local = invitation.Start.InZone(zone).LocalDateTime;
        var minutes = (int)(invitation.End - invitation.Start).TotalMinutes;
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Reference"] = invitation.ReferenceCode,
            ["Pseudonym"] = invitation.Pseudonym,
            ["TimeNl"] = $"{DutchTime.Format(local)} ({minutes} minuten, {zone.Id})",
            ["TimeEn"] = $"{EnglishTime.Format(local)} ({minutes} minutes, {zone.Id})",
            ["ModeNl"] = ModeText(invitation, dutch: true),
            ["ModeEn"] = ModeText(invitation, dutch: false),
        };

        var body = new StringBuilder(Template);
        foreach (var (name, value) in values)
        {
            body.Replace("{{" + name + "}}", WebUtility.HtmlEncode(value));
        }

        return body.ToString();
    }

    /// <summary>The comment of the cancellation the confidant gets, in Dutch with English.</summary>
    public static string CancelledComment => Bilingual("booking.invitation.cancelled");

    /// <summary>The comment of a reminder the confidant gets, in Dutch with English.</summary>
    public static string ReminderComment => Bilingual("booking.invitation.reminder");

    private static string Bilingual(string key) => $"{Texts.Get(Dutch, key)} / {Texts.Get(English, key)}";

    private static string ModeText(BookingInvitation invitation, bool dutch)
    {
        var culture = dutch ? Dutch : English;
        return invitation.Mode switch
        {
            MeetingMode.Online => Texts.Get(culture, "booking.invitation.mode.online"),
            MeetingMode.PhoneConfidantCalls => Texts.Format(culture, "booking.invitation.mode.phoneConfidantCalls", invitation.PhoneNumberToCall),
            MeetingMode.PhonePersonCalls => Texts.Get(culture, "booking.invitation.mode.phonePersonCalls"),
            MeetingMode.InPerson => Texts.Format(culture, "booking.invitation.mode.inPerson", invitation.OfficeAddress),
            _ => throw new ArgumentOutOfRangeException(nameof(invitation)),
        };
    }

    private static string LoadTemplate()
    {
        var assembly = Assembly.GetExecutingAssembly();
        using var stream = assembly.GetManifestResourceStream("ConfidantBot.Booking.Calendar.Templates.invitation.html")
            ?? throw new InvalidOperationException("The invitation template is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
