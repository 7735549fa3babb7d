using ConfidantBot.Booking.Calendar;
using ConfidantBot.LocalChannel;
using ConfidantBot.Roster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
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
    private const string ConfidantName = "Anne de Vries (voorbeeld)";
    private static readonly TimeSpan RelayWait = TimeSpan.FromSeconds(45);

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
        await CardButton(chat, "Welke route past bij mij?").ClickAsync();
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
        await SendAsync(chat, "afspraak");
        await CardButton(chat, "Kies " + ConfidantName).ClickAsync();
        await Card(chat, "Wanneer past het je?").Locator("button.ac-pushButton").First.ClickAsync();
        await CardButton(chat, "Online (Teams, als gast zonder in te loggen)").ClickAsync();
        await Expect(CardText(chat, "Onder welke schuilnaam")).ToBeVisibleAsync();
        await SendAsync(chat, Pseudonym);
        await Expect(CardText(chat, "Dit is precies wat de vertrouwenspersoon te zien krijgt")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(Card(chat, "Dit is precies wat de vertrouwenspersoon te zien krijgt")).ToContainTextAsync(Pseudonym);
        await browser.ScreenshotAsync("e2e-3-booking-summary");
        await CardButton(chat, "Ja").ClickAsync();
        await Expect(CardText(chat, "Je verzoek is verstuurd")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("e2e-4-booking-sent");

        // 4. The confidant page (opened from the chat page) shows the request without identity; accept it.
        var confidant = await chat.Context.RunAndWaitForPageAsync(() => chat.GetByTestId("confidant-link").ClickAsync());
        var request = confidant.GetByTestId("request").Filter(new LocatorFilterOptions { Has = confidant.GetByTestId("pseudonym").GetByText(Pseudonym, new LocatorGetByTextOptions { Exact = true }) });
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
            .ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = (float)RelayWait.TotalMilliseconds });
        await browser.ScreenshotAsync("e2e-6-answer-relayed");

        // 6. "Vergeet mij": confirmed, the person is forgotten at once and the event leaves the calendar.
        await SendAsync(chat, "vergeet mij");
        await Expect(CardText(chat, "Weet je het zeker?")).ToBeVisibleAsync();
        await CardButton(chat, "Ja").ClickAsync();
        await Expect(Message(chat, "1 komende afspraak/afspraken geannuleerd. De agenda van de vertrouwenspersoon wordt nu bijgewerkt")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("e2e-7-forgotten");

        // The outbox removes the event in the background, woken by forget-me.
        var calendar = host.Services.GetRequiredService<LocalCalendarProvider>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline && await CountAsync(calendar.ListAsync(CancellationToken.None)) > 0)
        {
            await Task.Delay(100);
        }

        Assert.Equal(0, await CountAsync(calendar.ListAsync(CancellationToken.None)));
        await confidant.BringToFrontAsync();
        await confidant.GetByTestId("refresh").ClickAsync();
        await Expect(request).ToHaveCountAsync(0);
    }

    private static async Task<int> CountAsync<T>(IAsyncEnumerable<T> items)
    {
        var count = 0;
        await foreach (var _ in items)
        {
            count++;
        }

        return count;
    }

    /// <summary>The card that says <paramref name="text"/> (the latest one).</summary>
    private static ILocator Card(IPage page, string text)
        => page.GetByTestId("webchat").Locator(".ac-adaptiveCard").Filter(new LocatorFilterOptions { HasText = text }).Last;

    private static async Task AnswerAsync(IPage page, string question, string answer)
    {
        var card = Card(page, question);
        await Expect(card).ToBeVisibleAsync();
        await card.Locator("button.ac-pushButton").Filter(new LocatorFilterOptions { HasText = answer }).First.ClickAsync();
    }

    /// <summary>One external confidant with consultation hours every day, so there are always free times.</summary>
    private static async Task SeedConfidantAsync(LocalChannelHost host)
    {
        var roster = host.Services.GetRequiredService<RosterStore>();
        var allDay = Enum.GetValues<DayOfWeek>().Select(day => new ConsultationHours(day, new TimeOnly(0, 0), new TimeOnly(23, 45))).ToList();
        await roster.AddAsync(new Confidant
        {
            Id = "e2e-anne",
            DisplayName = ConfidantName,
            Organisation = "Voorbeeld Vertrouwenspersonen B.V.",
            Kind = ConfidantKind.External,
            Audiences = [Audience.Employees],
            Languages = ["nl", "en"],
            Bio = new LocalizedText("Voorbeeldgegevens voor de test.", "Example data for the test."),
            InvitationEmail = "anne@vertrouwenspersonen.example",
            ConsultationHours = allDay,
        }, "e2e-test", CancellationToken.None);
    }
}
