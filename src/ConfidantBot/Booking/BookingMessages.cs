using ConfidantBot.Booking.Availability;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.Presentation;
using NodaTime;

namespace ConfidantBot.Booking;

/// <summary>What the person is told about their booking, in their language and Amsterdam time.</summary>
public sealed class BookingMessages(SlotFinder slotFinder)
{
    public Activity ForAnswer(BookingRecord booking, string? locale)
    {
        var key = booking.Status switch
        {
            BookingStatus.Accepted => "booking.answer.accepted",
            BookingStatus.Declined => "booking.answer.declined",
            BookingStatus.Tentative => "booking.answer.tentative",
            _ => "booking.answer.newTime",
        };
        return Activity.CreateMessage(Texts.Format(Locales.FromActivityLocale(locale), key,
            booking.ReferenceCode, Time(booking.Start, locale), booking.ProposedStart is { } proposed ? Time(proposed, locale) : ""));
    }

    public Activity ForReminder(BookingRecord booking, string? locale)
        => Activity.CreateMessage(Texts.Format(Locales.FromActivityLocale(locale), "booking.reminder", booking.ReferenceCode, Time(booking.Start, locale)));

    public string Time(Instant instant, string? locale)
    {
        var culture = Locales.FromActivityLocale(locale);
        return Texts.Format(culture, "booking.time", instant.InZone(slotFinder.Zone).ToDateTimeUnspecified());
    }
}
