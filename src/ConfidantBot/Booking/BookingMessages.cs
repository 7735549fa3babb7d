using System.Globalization;
using ConfidantBot.Booking.Availability;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.Presentation;
using NodaTime;

namespace ConfidantBot.Booking;

/// <summary>What the person is told about their booking, in their language and Amsterdam time.</summary>
public sealed class BookingMessages(SlotFinder slotFinder)
{
    /// <summary>The command a relayed answer's buttons send, with <c>reference</c> and <c>choice</c>.</summary>
    public const string AnswerCommand = "bookingAnswer";

    /// <summary>
    /// The confidant's new answer. A decline and a proposed time come as a card with the person's
    /// choices (the buttons carry the reference code only, never the booking id); a change of mind
    /// says so.
    /// </summary>
    public Activity ForAnswer(BookingRecord booking, BookingStatus previous, Instant now, string? locale)
    {
        ArgumentNullException.ThrowIfNull(booking);
        var culture = Locales.FromActivityLocale(locale);
        var time = TimeWithYear(booking.Start, culture.Name);
        switch (booking.Status)
        {
            case BookingStatus.Accepted:
                return Activity.CreateMessage(Texts.Format(culture, previous == BookingStatus.Declined ? "booking.answer.acceptedAfterAll" : "booking.answer.accepted", booking.ReferenceCode, time));
            case BookingStatus.Tentative:
                return Activity.CreateMessage(Texts.Format(culture, "booking.answer.tentative", booking.ReferenceCode, time));
            case BookingStatus.Declined:
                var declined = Texts.Format(culture, previous is BookingStatus.Accepted or BookingStatus.Tentative ? "booking.answer.declinedAfterAll" : "booking.answer.declined", booking.ReferenceCode, time);
                return Activity.CreateMessage(null, ChoicesCard(culture, declined, booking.ReferenceCode, declined: true, canTake: false));
            default:
                var proposed = booking.ProposedStart is { } start ? TimeWithYear(start, culture.Name) : "";
                var canTake = CanTakeProposal(booking, now);
                var text = Texts.Format(culture, canTake ? "booking.answer.newTime" : "booking.answer.newTimeTooSoon", booking.ReferenceCode, time, proposed);
                return Activity.CreateMessage(null, ChoicesCard(culture, text, booking.ReferenceCode, declined: false, canTake));
        }
    }

    /// <summary>A proposed time can be taken while it is in the future and at least the booking lead time away.</summary>
    public bool CanTakeProposal(BookingRecord booking, Instant now)
    {
        ArgumentNullException.ThrowIfNull(booking);
        return booking is { Status: BookingStatus.NewTimeProposed, ProposedStart: { } start } && slotFinder.IsBookableStart(start, now);
    }

    public Activity ForReminder(BookingRecord booking, string? locale)
    {
        ArgumentNullException.ThrowIfNull(booking);
        return Activity.CreateMessage(Texts.Format(Locales.FromActivityLocale(locale), "booking.reminder", booking.ReferenceCode, Time(booking.Start, locale)));
    }

    /// <summary>A slot's time as the slot buttons show it: the weekday, date and hour.</summary>
    public string Time(Instant instant, string? locale)
    {
        var culture = Locales.FromActivityLocale(locale);
        return Texts.Format(culture, "booking.time", instant.InZone(slotFinder.Zone).ToDateTimeUnspecified());
    }

    /// <summary>A booked talk's time, with the year: answers, proposals and "my bookings".</summary>
    public string TimeWithYear(Instant instant, string? locale)
    {
        var culture = Locales.FromActivityLocale(locale);
        return Texts.Format(culture, "booking.timeWithYear", instant.InZone(slotFinder.Zone).ToDateTimeUnspecified());
    }

    /// <summary>The buttons of a decline (another time, another confidant, stop) or a proposal (take it, another time, cancel).</summary>
    public static Attachment ChoicesCard(CultureInfo culture, string text, string referenceCode, bool declined, bool canTake)
        => CardTemplates.Card("Booking", "answer-choices", new CardValues()
            .Set("text", text)
            .Set("reference", referenceCode)
            .Set("command", AnswerCommand)
            .When("declined", declined)
            .When("proposal", !declined)
            .When("canTake", canTake), culture);
}
