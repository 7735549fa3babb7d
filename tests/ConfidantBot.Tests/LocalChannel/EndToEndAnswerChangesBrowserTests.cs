using System.Text.RegularExpressions;
using ConfidantBot.Booking;
using ConfidantBot.Booking.Calendar;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NodaTime;
using static ConfidantBot.Tests.LocalChannel.EndToEndSteps;
using static ConfidantBot.Tests.LocalChannel.PageLocators;

namespace ConfidantBot.Tests.LocalChannel;

/// <summary>
/// Issue 18, acceptance 4: what the person sees in the chat when the confidant changes their answer
/// on the confidant page — in headless Chromium against the real app in local mode, with the answer
/// relay running as the background service it is (polling every 5 seconds). Assertions are on the
/// texts the person and the confidant read. Screenshots go to <c>artifacts/screenshots/e2e-answer-*.png</c>.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class EndToEndAnswerChangesBrowserTests
{
    /// <summary>
    /// The relay polls every 5 seconds; the lead time of one hour keeps the first free time far
    /// enough away that the relay still follows the booking during the whole test, and makes
    /// "too soon" a proposal the confidant page can refuse.
    /// </summary>
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Booking:AnswerPollInterval"] = "00:00:05",
        ["Availability:LeadTime"] = "01:00:00",
        ["CalendarRemoval:PollInterval"] = "00:00:02",
    };

    [Fact]
    public async Task Accepted_then_declined_reaches_the_person_once_with_choices_and_my_bookings_says_declined()
    {
        await using var journey = await BookedJourney.StartAsync("Zilvermeeuw");
        var (host, browser, chat, confidant, request) = (journey.Host, journey.Browser, journey.Chat, journey.Confidant, journey.Request);
        var (reference, time) = (journey.Reference, journey.Time);

        // The confidant accepts on the confidant page; the person hears it.
        await request.GetByTestId("accept").ClickAsync();
        await Expect(request.GetByTestId("status")).ToHaveTextAsync("Geaccepteerd");
        var accepted = "Goed nieuws: de vertrouwenspersoon heeft je gesprek " + reference + " geaccepteerd. Het gesprek is op " + time + ".";
        await Expect(Message(chat, accepted)).ToBeVisibleAsync(RelayWait);

        // The confidant changes their mind: the person hears that the talk is off, with what they can do now.
        await request.GetByTestId("decline").ClickAsync();
        await Expect(request.GetByTestId("status")).ToHaveTextAsync("Geweigerd");
        var declinedText = "Let op: de vertrouwenspersoon kan toch niet op " + time + " (gesprek " + reference + "). Het gesprek gaat niet door. Wat wil je doen?";
        var declined = Card(chat, declinedText);
        await Expect(declined).ToBeVisibleAsync(RelayWait);
        await Expect(Buttons(declined)).ToHaveTextAsync(["Andere tijd kiezen", "Andere vertrouwenspersoon", "Stoppen"]);
        await browser.ScreenshotAsync("e2e-answer-1-declined-after-accepting");

        // One more pass of the relay (besides the background ones) relays nothing new: each answer came once.
        Assert.Equal(0, await host.Services.GetRequiredService<AnswerRelayService>().CheckOnceAsync(CancellationToken.None));
        await SendAsync(chat, "mijn afspraken");
        var mine = Card(chat, "Je afspraken");
        await Expect(mine).ToContainTextAsync(reference);
        await Expect(mine).ToContainTextAsync("Afgewezen");
        await Expect(mine).ToContainTextAsync(time);
        await Expect(mine).Not.ToContainTextAsync("Geaccepteerd");
        // The talk is off: no meeting link to a meeting nobody comes to, and the decline's three choices.
        await Expect(mine).Not.ToContainTextAsync("Vergaderlink");
        await Expect(Buttons(mine)).ToHaveTextAsync(["Andere tijd kiezen", "Andere vertrouwenspersoon", "Stoppen", "Klaar"]);
        await browser.ScreenshotAsync("e2e-answer-2-my-bookings-declined");
        Assert.Single(await AllCards(chat, "kan toch niet op").AllInnerTextsAsync());
        Assert.Equal(1, await chat.GetByTestId("webchat").Locator("p").Filter(new() { HasText = "heeft je gesprek " + reference + " geaccepteerd" }).CountAsync());

        // "Stoppen" in "mijn afspraken": the person is told the talk is cancelled, the confidant sees it withdrawn.
        await Buttons(mine).Filter(new() { HasText = "Stoppen" }).SubmitAsync();
        await Expect(Message(chat, "Gesprek " + reference + " is geannuleerd.")).ToBeVisibleAsync();
        await confidant.GetByTestId("refresh").ClickAsync();
        await Expect(request).ToHaveCountAsync(0, new() { Timeout = 30_000 });
    }

    [Fact]
    public async Task A_proposed_time_is_taken_in_one_tap_and_my_bookings_and_the_calendar_show_the_new_time()
    {
        const string pseudonym = "Kraanvogel";
        await using var journey = await BookedJourney.StartAsync(pseudonym);
        var (host, browser, chat, confidant, request) = (journey.Host, journey.Browser, journey.Chat, journey.Confidant, journey.Request);
        var oldReference = journey.Reference;

        // The confidant page refuses a time in the past and one sooner than the lead time, and says why.
        var now = AmsterdamNow();
        await request.GetByTestId("propose").ClickAsync();
        await request.GetByTestId("proposed-start").FillAsync(LocalInputValue(now.Date.PlusDays(-1).At(new LocalTime(9, 15))));
        await request.GetByTestId("propose-send").ClickAsync();
        await Expect(confidant.GetByTestId("banner")).ToContainTextAsync("Die tijd is al voorbij. Stel een tijd in de toekomst voor.");
        var soon = now.PlusMinutes(30);
        await request.GetByTestId("proposed-start").FillAsync(LocalInputValue(soon.Date.At(new LocalTime(soon.Hour, soon.Minute / 15 * 15))));
        await request.GetByTestId("propose-send").ClickAsync();
        await Expect(confidant.GetByTestId("banner")).ToContainTextAsync("Die tijd is te snel");
        await Expect(request.GetByTestId("status")).ToHaveTextAsync("Nog niet beantwoord");
        await browser.ScreenshotAsync("e2e-answer-3-past-time-refused", confidant);

        // An afternoon time, so that a 12-hour clock would show: "14:15", never "2:15 p.m.".
        var proposed = now.Date.PlusDays(10).At(new LocalTime(14, 15));
        var proposedText = DutchTimeWithYear(proposed);
        await request.GetByTestId("proposed-start").FillAsync(LocalInputValue(proposed));
        await request.GetByTestId("propose-send").ClickAsync();
        await Expect(request.GetByTestId("status")).ToHaveTextAsync("Andere tijd voorgesteld: " + proposedText);

        // The person sees the proposal with date and year, and three choices.
        var proposal = Card(chat, "De vertrouwenspersoon stelt voor gesprek " + oldReference + " een andere tijd voor: " + proposedText);
        await Expect(proposal).ToBeVisibleAsync(RelayWait);
        await Expect(Buttons(proposal)).ToHaveTextAsync(["Ja, die tijd", "Nee, andere tijd kiezen", "Annuleren"]);
        await browser.ScreenshotAsync("e2e-answer-4-proposal");

        // "Mijn afspraken" meanwhile: the proposed time first, the old time only as what it replaces, no
        // meeting link of the old time, and the same three choices.
        await SendAsync(chat, "mijn afspraken");
        var pending = Card(chat, "Je afspraken");
        await Expect(pending).ToContainTextAsync(new Regex(@"Voorgestelde tijd\s*" + Regex.Escape(proposedText) + @"\s*In plaats van\s*" + Regex.Escape(journey.Time)));
        await Expect(pending).Not.ToContainTextAsync("Vergaderlink");
        await Expect(Buttons(pending)).ToHaveTextAsync(["Ja, die tijd", "Nee, andere tijd kiezen", "Annuleren", "Klaar"]);
        await browser.ScreenshotAsync("e2e-answer-4b-my-bookings-proposal");
        await CardButton(chat, "Klaar").SubmitAsync();

        // One tap.
        await Buttons(proposal).Filter(new() { HasText = "Ja, die tijd" }).SubmitAsync();
        var moved = Message(chat, "Geregeld: je gesprek is verplaatst naar " + proposedText + ".");
        await Expect(moved).ToBeVisibleAsync();
        var newReference = NewReference().Match((await moved.TextContentAsync())!).Groups[1].Value;
        Assert.NotEqual(oldReference, newReference);
        await Expect(moved).ToContainTextAsync("het oude verzoek " + oldReference + " is ingetrokken");
        await browser.ScreenshotAsync("e2e-answer-5-proposal-taken");

        // "Mijn afspraken": the new time with its year, waiting for the confidant; the old request is gone.
        await SendAsync(chat, "mijn afspraken");
        var mine = Card(chat, "Je afspraken");
        await Expect(mine).ToContainTextAsync(newReference);
        await Expect(mine).ToContainTextAsync(proposedText);
        await Expect(mine).ToContainTextAsync("Wacht op antwoord");
        await Expect(mine).Not.ToContainTextAsync(oldReference);
        await CardButton(chat, "Klaar").SubmitAsync();

        // The confidant's calendar holds one request, at the new time and of the same length; the old one was removed.
        await confidant.GetByTestId("refresh").ClickAsync();
        await Expect(confidant.GetByTestId("request")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        var newRequest = Request(confidant, pseudonym);
        await Expect(newRequest.GetByTestId("reference")).ToHaveTextAsync(newReference);
        await Expect(newRequest.GetByTestId("time")).ToHaveTextAsync(proposedText + journey.Length);
        var events = await host.Services.GetRequiredService<LocalCalendarProvider>().ListAsync(CancellationToken.None).ToListAsync();
        var only = Assert.Single(events);
        Assert.Equal(proposed.InZoneStrictly(Amsterdam).ToInstant(), only.Start);
        Assert.False(only.Cancelled);

        // The confidant accepts the new time: the person hears it, and "mijn afspraken" says so.
        await newRequest.GetByTestId("accept").ClickAsync();
        await Expect(newRequest.GetByTestId("status")).ToHaveTextAsync("Geaccepteerd");
        await Expect(Message(chat, "Goed nieuws: de vertrouwenspersoon heeft je gesprek " + newReference + " geaccepteerd. Het gesprek is op " + proposedText + "."))
            .ToBeVisibleAsync(RelayWait);
        await SendAsync(chat, "mijn afspraken");
        mine = Card(chat, "Je afspraken");
        await Expect(mine).ToContainTextAsync("Geaccepteerd");
        await Expect(mine).ToContainTextAsync(proposedText);
        await browser.ScreenshotAsync("e2e-answer-6-my-bookings-new-time");

        // The times under the messages, the relayed ones too, read like "14:15", never "2:15 p.m.".
        await AssertDutch24HourTimesAsync(chat);

        // The refused proposals never reached the person; the valid one did, once.
        Assert.Single(await AllCards(chat, "een andere tijd voor").AllInnerTextsAsync());
    }

    [GeneratedRegex(@"Je nieuwe referentie is ([A-Z0-9-]+);")]
    private static partial Regex NewReference();

    /// <summary>
    /// The start both journeys share: the real host and bot, the seeded confidant, a booking made in
    /// the chat, and the confidant page showing that request (its reference, time and length as read there).
    /// </summary>
    private sealed partial class BookedJourney(LocalChannelHost host, BrowserSession browser, IPage confidant, ILocator request) : IAsyncDisposable
    {
        public LocalChannelHost Host => host;

        public BrowserSession Browser => browser;

        public IPage Chat => browser.Page;

        public IPage Confidant => confidant;

        public ILocator Request => request;

        public string Reference { get; private set; } = "";

        /// <summary>The time as the confidant page writes it, e.g. "donderdag 3 december 2026 om 17:00".</summary>
        public string Time { get; private set; } = "";

        /// <summary>The rest of the time line, e.g. " (45 minuten, Europe/Amsterdam)".</summary>
        public string Length { get; private set; } = "";

        public static async Task<BookedJourney> StartAsync(string pseudonym)
        {
            var host = await LocalChannelHost.StartAsync(new LocalChannelHost.HostOptions { RealBot = true, Settings = Settings });
            BrowserSession? browser = null;
            try
            {
                await SeedConfidantAsync(host);
                browser = await BrowserSession.StartAsync("nl-NL");
                await browser.Page.GotoAsync(host.BaseUrl + "?lang=nl-NL");
                await BookOnlineAsync(browser.Page, pseudonym);
                var confidant = await OpenConfidantPageAsync(browser.Page);
                var journey = new BookedJourney(host, browser, confidant, Request(confidant, pseudonym));
                journey.Reference = (await journey.Request.GetByTestId("reference").TextContentAsync())!.Trim();
                var time = TimeAndLength().Match((await journey.Request.GetByTestId("time").TextContentAsync())!);
                (journey.Time, journey.Length) = (time.Groups[1].Value, time.Groups[2].Value);
                return journey;
            }
            catch
            {
                if (browser is not null)
                {
                    await browser.DisposeAsync();
                }

                await host.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await browser.DisposeAsync();
            await host.DisposeAsync();
        }

        [GeneratedRegex(@"^(.*?)( \(.*\))$")]
        private static partial Regex TimeAndLength();
    }
}
