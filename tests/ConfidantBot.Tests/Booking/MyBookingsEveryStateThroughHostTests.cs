using System.Globalization;
using System.Text.Json.Nodes;
using ConfidantBot.Booking;
using ConfidantBot.Booking.Calendar;
using ConfidantBot.Tests.Conversation;
using ConfidantBot.Tests.ScaleOut;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace ConfidantBot.Tests.Booking;

/// <summary>
/// "Mijn afspraken" in every state a booking can be in, in Dutch and English, through the real host
/// (HTTP, the real bot and relay, SQLite, the local calendar): the whole text the person reads,
/// line by line, so that each sentence, time, link and button is checked against the state. A
/// proposed time comes first with its year, the old time only as what it replaces, without its
/// meeting link, with the three choices; a talk whose time is over offers nothing to join or cancel.
/// </summary>
public sealed class MyBookingsEveryStateThroughHostTests(MyBookingsEveryStateThroughHostTests.Fixture fixture) : IClassFixture<MyBookingsEveryStateThroughHostTests.Fixture>
{
    private static readonly DateTimeZone Amsterdam = DateTimeZoneProviders.Tzdb["Europe/Amsterdam"];

    /// <summary>The relay runs only when a test says so, so each state is set up exactly.</summary>
    public sealed class Fixture() : CommandHostFixture(new Dictionary<string, string?> { ["Booking:AnswerPollInterval"] = "01:00:00" });

    /// <summary>The labels and buttons as the person reads them, written out per language.</summary>
    private sealed record Words(
        string Locale, string Book, string Kind, string Time, string Proposed, string InsteadOf, string Mode, string Online, string Link, string Status, string Pseudonym,
        string Cancel, string Take, string ProposalOtherTime, string ProposalCancel, string OtherTime, string OtherConfidant, string Stop, string Title, string End, string Done,
        string None, string TooSoon, string Prompt, string NothingToChoose, string TimeFormat, IReadOnlyDictionary<string, string> Statuses);

    private static readonly Words Dutch = new(
        "nl-NL", "afspraak", "externe vertrouwenspersoon", "Datum en tijd", "Voorgestelde tijd", "In plaats van", "Manier", "Online (Teams, als gast zonder in te loggen)", "Vergaderlink", "Status", "Schuilnaam",
        "Annuleer {0}", "Ja, die tijd", "Nee, andere tijd kiezen", "Annuleren", "Andere tijd kiezen", "Andere vertrouwenspersoon", "Stoppen", "Je afspraken", "Klaar met je afspraken?", "Klaar",
        "Je hebt geen afspraken. Maak er een met 'afspraak'.",
        "Die voorgestelde tijd is te snel of al voorbij, dus die kan ik niet meer boeken. Kies een andere tijd of annuleer.",
        "Wil je een afspraak annuleren? Kies de knop bij die afspraak, of Klaar.",
        "Hier is niets meer te kiezen. Kies Klaar als je klaar bent.",
        "dddd d MMMM yyyy 'om' HH:mm",
        new Dictionary<string, string> { ["Requested"] = "Wacht op antwoord", ["Accepted"] = "Geaccepteerd", ["Tentative"] = "Onder voorbehoud", ["Declined"] = "Afgewezen", ["NewTimeProposed"] = "Andere tijd voorgesteld", ["Passed"] = "Voorbij" });

    private static readonly Words English = new(
        "en-US", "book", "external confidant", "Date and time", "Proposed time", "Instead of", "Way of meeting", "Online (Teams, as a guest without signing in)", "Meeting link", "Status", "Pseudonym",
        "Cancel {0}", "Yes, that time", "No, choose another time", "Cancel", "Choose another time", "Another confidant", "Stop", "Your bookings", "Done with your bookings?", "Done",
        "You have no bookings. Make one with 'book'.",
        "That proposed time is too soon or has passed, so I can no longer book it. Choose another time or cancel.",
        "Would you like to cancel a booking? Choose the button at that booking, or Done.",
        "There is nothing left to choose here. Choose Done when you are done.",
        "dddd d MMMM yyyy 'at' HH:mm",
        new Dictionary<string, string> { ["Requested"] = "Waiting for an answer", ["Accepted"] = "Accepted", ["Tentative"] = "Tentative", ["Declined"] = "Declined", ["NewTimeProposed"] = "New time proposed", ["Passed"] = "Past" });

    public static TheoryData<string, string> States()
    {
        var data = new TheoryData<string, string>();
        foreach (var state in new[] { "requested", "accepted", "tentative", "declined in grace", "declined", "proposed", "proposed too soon", "re-booked", "cancelled", "passed", "passed unanswered" })
        {
            data.Add(state, "nl-NL");
            data.Add(state, "en-US");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(States))]
    public async Task My_bookings_says_only_what_is_true_in_each_state(string state, string locale)
    {
        var words = locale == "nl-NL" ? Dutch : English;
        var chat = new CommandChat(fixture, locale, CommandHostFixture.NewPerson());
        var booking = await BookOnlineAsync(chat, words);
        var services = fixture.Host.Services;
        var bookings = services.GetRequiredService<BookingService>();
        var calendar = services.GetRequiredService<LocalCalendarProvider>();
        var relay = services.GetRequiredService<AnswerRelayService>();
        var now = SystemClock.Instance.GetCurrentInstant();
        var proposed = booking.Start + Duration.FromDays(2);
        var length = booking.End - booking.Start;

        async Task AnswerAsync(AttendeeAnswer answer, Instant? proposal = null)
        {
            await calendar.AnswerAsync(booking.EventId!, answer, proposal, proposal + length, CancellationToken.None);
            Assert.Equal(1, await relay.CheckOnceAsync(CancellationToken.None));
            Assert.Single(fixture.Connector.Drain(chat.ConversationId));
        }

        async Task MoveIntoThePastAsync()
        {
            var (current, etag) = (await bookings.ReadAsync(booking.BookingId, CancellationToken.None))!.Value;
            Assert.True(await bookings.TryUpdateAsync(current with { Start = now - Duration.FromHours(2), End = now - Duration.FromHours(2) + length }, etag, CancellationToken.None));
        }

        string Time(Instant instant) => instant.InZone(Amsterdam).LocalDateTime.ToString(words.TimeFormat, CultureInfo.GetCultureInfo(words.Locale));

        var time = Time(booking.Start);
        var head = new List<string> { words.Title, $"{booking.ReferenceCode} · Anne Commando ({words.Kind})" };
        var link = new[] { words.Link, $"/local/meeting/{booking.BookingId}" };
        var tail = new[] { words.Pseudonym, "Zilvermeeuw" };
        var cancel = string.Format(CultureInfo.InvariantCulture, words.Cancel, booking.ReferenceCode);
        string[] expected;
        var somethingToChoose = true;
        switch (state)
        {
            case "requested":
                expected = [.. head, words.Time, time, words.Mode, words.Online, .. link, words.Status, words.Statuses["Requested"], .. tail, cancel];
                break;
            case "accepted":
                await AnswerAsync(AttendeeAnswer.Accepted);
                expected = [.. head, words.Time, time, words.Mode, words.Online, .. link, words.Status, words.Statuses["Accepted"], .. tail, cancel];
                break;
            case "tentative":
                await AnswerAsync(AttendeeAnswer.Tentative);
                expected = [.. head, words.Time, time, words.Mode, words.Online, .. link, words.Status, words.Statuses["Tentative"], .. tail, cancel];
                break;
            case "declined in grace":
                await AnswerAsync(AttendeeAnswer.Declined);
                expected = [.. head, words.Time, time, words.Mode, words.Online, words.Status, words.Statuses["Declined"], .. tail, words.OtherTime, words.OtherConfidant, words.Stop];
                break;
            case "declined":
                await AnswerAsync(AttendeeAnswer.Declined);
                var (declined, etag) = (await bookings.ReadAsync(booking.BookingId, CancellationToken.None))!.Value;
                await bookings.RemoveDeclinedEventAsync(declined, etag, CancellationToken.None);
                expected = [.. head, words.Time, time, words.Mode, words.Online, words.Status, words.Statuses["Declined"], .. tail];
                somethingToChoose = false;
                break;
            case "proposed":
                await AnswerAsync(AttendeeAnswer.NewTimeProposed, proposed);
                expected = [.. head, words.Proposed, Time(proposed), words.InsteadOf, time, words.Mode, words.Online, words.Status, words.Statuses["NewTimeProposed"], .. tail, words.Take, words.ProposalOtherTime, words.ProposalCancel];
                break;
            case "proposed too soon":
                var soon = now + Duration.FromMinutes(5);
                await AnswerAsync(AttendeeAnswer.NewTimeProposed, soon);
                expected = [.. head, words.Proposed, Time(soon), words.InsteadOf, time, words.Mode, words.Online, words.Status, words.Statuses["NewTimeProposed"], .. tail, words.TooSoon, words.ProposalOtherTime, words.ProposalCancel];
                break;
            case "re-booked":
                await AnswerAsync(AttendeeAnswer.NewTimeProposed, proposed);
                var taken = await chat.PressAsync(new JsonObject { ["command"] = BookingMessages.AnswerCommand, ["reference"] = booking.ReferenceCode, ["choice"] = "take" });
                var moved = Assert.Single((await bookings.MyBookingsAsync(TeamsActivities.TenantId, chat.Person, CancellationToken.None)).Select(mine => mine.Booking));
                Assert.NotEqual(booking.ReferenceCode, moved.ReferenceCode);
                Assert.Contains(moved.ReferenceCode, taken.Visible, StringComparison.Ordinal);
                expected =
                [
                    words.Title, $"{moved.ReferenceCode} · Anne Commando ({words.Kind})", words.Time, Time(proposed), words.Mode, words.Online, words.Link, $"/local/meeting/{moved.BookingId}",
                    words.Status, words.Statuses["Requested"], .. tail, string.Format(CultureInfo.InvariantCulture, words.Cancel, moved.ReferenceCode),
                ];
                break;
            case "cancelled":
                Assert.True(await bookings.CancelAsync(booking.BookingId, TeamsActivities.TenantId, chat.Person, CancellationToken.None));
                expected = [words.None];
                break;
            case "passed":
                await AnswerAsync(AttendeeAnswer.Accepted);
                await MoveIntoThePastAsync();
                time = Time(now - Duration.FromHours(2));
                expected = [.. head, words.Time, time, words.Mode, words.Online, words.Status, words.Statuses["Passed"], .. tail];
                somethingToChoose = false;
                break;
            case "passed unanswered":
                await MoveIntoThePastAsync();
                time = Time(now - Duration.FromHours(2));
                expected = [.. head, words.Time, time, words.Mode, words.Online, words.Status, words.Statuses["Passed"], .. tail];
                somethingToChoose = false;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(state), state, null);
        }

        var mine = await chat.TypeAsync(locale == "nl-NL" ? "mijn afspraken" : "my bookings");

        var card = mine.Replies[0].VisibleText.Split('\n');
        if (state == "cancelled")
        {
            Assert.Equal(expected, Assert.Single(mine.Replies).VisibleText.Split('\n'));
            return;
        }

        Assert.Equal([.. expected, words.End, words.Done], card);
        Assert.Equal(2, mine.Replies.Count);
        Assert.Equal(somethingToChoose ? words.Prompt : words.NothingToChoose, mine.LastVisible);
    }

    /// <summary>Books the first free time online as the person would: the confidant, the time, online, the pseudonym, "Ja".</summary>
    private async Task<BookingRecord> BookOnlineAsync(CommandChat chat, Words words)
    {
        await chat.TypeAsync(words.Book);
        await chat.PressAsync(new JsonObject { ["choice"] = CommandHostFixture.ConfidantId });
        await chat.PressAsync(new JsonObject { ["choice"] = "0" });
        await chat.PressAsync(new JsonObject { ["choice"] = "Online" });
        var summary = await chat.TypeAsync("Zilvermeeuw");
        await chat.PressAsync(summary.Buttons.Single(data => data["confirm"] is JsonValue value && value.GetValue<bool>()));
        var bookings = fixture.Host.Services.GetRequiredService<BookingService>();
        return Assert.Single(await bookings.MyBookingsAsync(TeamsActivities.TenantId, chat.Person, CancellationToken.None)).Booking;
    }
}
