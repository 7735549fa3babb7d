using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using NodaTime;
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

    private static string ModeText(BookingInvitation invitation, bool dutch) => invitation.Mode switch
    {
        MeetingMode.Online => dutch
            ? "Online via de Teams-vergadering in deze uitnodiging; de persoon neemt als gast deel."
            : "Online through the Teams meeting in this invitation; the person joins as a guest.",
        MeetingMode.PhoneConfidantCalls => dutch
            ? $"Telefonisch: u belt {invitation.PhoneNumberToCall}."
            : $"By phone: you call {invitation.PhoneNumberToCall}.",
        MeetingMode.PhonePersonCalls => dutch
            ? "Telefonisch: de persoon belt u op uw werknummer."
            : "By phone: the person calls your work number.",
        MeetingMode.InPerson => dutch
            ? $"Op uw kantoor: {invitation.OfficeAddress}."
            : $"At your office: {invitation.OfficeAddress}.",
        _ => throw new ArgumentOutOfRangeException(nameof(invitation)),
    };

    private static string LoadTemplate()
    {
        var assembly = Assembly.GetExecutingAssembly();
        using var stream = assembly.GetManifestResourceStream("ConfidantBot.Booking.Calendar.Templates.invitation.html")
            ?? throw new InvalidOperationException("The invitation template is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
