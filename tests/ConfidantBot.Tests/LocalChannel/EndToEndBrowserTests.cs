using ConfidantBot.Booking.Calendar;
using ConfidantBot.LocalChannel;
using ConfidantBot.Roster;
using ConfidantBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static ConfidantBot.Tests.LocalChannel.EndToEndSteps;
using static ConfidantBot.Tests.LocalChannel.PageLocators;

namespace ConfidantBot.Tests.LocalChannel;

/// <summary>
/// Issue 7, item 5: the whole journey in headless Chromium against the real app in local mode —
/// walk the route guide, book an anonymous talk, accept it on the confidant page, see the relayed
/// answer in the chat, and say "vergeet mij". Every step leaves a screenshot in
/// <c>artifacts/screenshots/e2e-*.png</c>. Selectors are the texts a person reads (from the
/// features' Texts files), not layout.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EndToEndBrowserTests
{
    private const string Pseudonym = "Zilvermeeuw";

    // END-TO-END (issue 7 item 5). Needs the guide dialog ("guide"), the booking dialog ("booking"),
    // AddBooking (RosterStore, local calendar, answer relay, forget-me) in Program.cs.
    [Fact]
    public async Task A_person_finds_a_route_books_anonymously_hears_the_confidants_answer_and_is_forgotten()
    {
        await using var host = await LocalChannelHost.StartAsync(new LocalChannelHost.HostOptions
        {
            RealBot = true,
            Settings = new Dictionary<string, string?>
            {
                ["Booking:AnswerPollInterval"] = "00:00:05",
                ["Availability:LeadTime"] = "00:00:00",
            },
        });
        await SeedConfidantAsync(host);
        await using var browser = await BrowserSession.StartAsync("nl-NL");
        var chat = browser.Page;

        // 1. The welcome card.
        await chat.GotoAsync(host.BaseUrl + "?lang=nl-NL");
        await Expect(CardText(chat, "Welkom bij de vertrouwenspersonen-assistent")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("e2e-1-welcome");

        // 2. The route guide: five questions (the wish card takes several ticks and a toggle), then the routes that fit.
        await CardButton(chat, "Welke route past bij mij?").SubmitAsync();
        await AnswerAsync(chat, "Waar gaat het over?", "Ongewenst gedrag");
        await AnswerAsync(chat, "Wie is erbij betrokken?", "Een leidinggevende");
        await AnswerAsync(chat, "Heb je dit al eerder gemeld?", "Nee");
        var wishes = Card(chat, "Wat wil je nu?");
        await Expect(wishes).ToBeVisibleAsync();
        await wishes.GetByLabel("Een vertrouwelijk gesprek").CheckAsync();
        await wishes.GetByLabel("Anoniem blijven").CheckAsync();
        await wishes.GetByLabel("Mijn team is klein of ik ben snel herkenbaar").CheckAsync();
        await wishes.Locator("button.ac-pushButton").Filter(new LocatorFilterOptions { HasText = "Verder" }).ClickAsync();
        await AnswerAsync(chat, "Wat is jouw rol?", "Medewerker van de gemeente");
        await Expect(CardText(chat, "Deze routes passen bij je antwoorden")).ToBeVisibleAsync();
        await Expect(CardText(chat, "Externe vertrouwenspersoon")).ToBeVisibleAsync();
        // Both ticks and the toggle arrived: the advice explains how people are recognised.
        await Expect(CardText(chat, "Hoe mensen herkend worden, en wat helpt")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("e2e-2-guide-result");

        // 3. Book an anonymous talk: confidant, time, way to meet, pseudonym (typed), confirm.
        await BookOnlineAsync(chat, Pseudonym);
        await browser.ScreenshotAsync("e2e-4-booking-sent");

        // 4. The confidant page (opened from the chat page) shows the request without identity; accept it.
        var confidant = await OpenConfidantPageAsync(chat);
        var request = Request(confidant, Pseudonym);
        await Expect(request).ToHaveCountAsync(1);
        await Expect(request.GetByTestId("how")).ToContainTextAsync("Online");
        await Expect(request.GetByTestId("topic")).ToHaveCountAsync(0);
        var confidantSees = await confidant.ContentAsync();
        Assert.DoesNotContain(LocalIdentities.CivilServant.Name, confidantSees, StringComparison.Ordinal);
        Assert.DoesNotContain(LocalIdentities.CivilServant.AadObjectId, confidantSees, StringComparison.Ordinal);
        var reference = await request.GetByTestId("reference").TextContentAsync();
        Assert.False(string.IsNullOrWhiteSpace(reference));
        await request.GetByTestId("accept").ClickAsync();
        await Expect(request.GetByTestId("status")).ToHaveTextAsync("Geaccepteerd");
        await browser.ScreenshotAsync("e2e-5-confidant-accepts", confidant);

        // 5. Within the relay's poll interval the chat hears the answer.
        await chat.BringToFrontAsync();
        await Expect(Message(chat, "Goed nieuws: de vertrouwenspersoon heeft je gesprek " + reference!.Trim() + " geaccepteerd"))
            .ToBeVisibleAsync(RelayWait);
        await browser.ScreenshotAsync("e2e-6-answer-relayed");

        // 6. "Vergeet mij": confirmed, the person is forgotten at once and the event leaves the calendar.
        await SendAsync(chat, "vergeet mij");
        await Expect(CardText(chat, "Weet je het zeker?")).ToBeVisibleAsync();
        await CardButton(chat, "Ja").SubmitAsync();
        await Expect(Message(chat, "1 komende afspraak/afspraken geannuleerd. De agenda van de vertrouwenspersoon wordt nu bijgewerkt")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("e2e-7-forgotten");

        // The outbox removes the event in the background, woken by forget-me.
        var calendar = host.Services.GetRequiredService<LocalCalendarProvider>();
        var deadline = DateTime.UtcNow + Patience.Default;
        while (DateTime.UtcNow < deadline && await CountAsync(calendar.ListAsync(CancellationToken.None)) > 0)
        {
            await Task.Delay(100);
        }

        Assert.Equal(0, await CountAsync(calendar.ListAsync(CancellationToken.None)));
        await confidant.BringToFrontAsync();
        await confidant.GetByTestId("refresh").ClickAsync();
        await Expect(request).ToHaveCountAsync(0);
    }
}
