using System.Globalization;
using ConfidantBot.Roster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NodaTime;
using static ConfidantBot.Tests.LocalChannel.PageLocators;

namespace ConfidantBot.Tests.LocalChannel;

/// <summary>
/// Steps the browser end-to-end tests share: the seeded confidant, a booking made the way a person
/// makes one in the chat, and the confidant page opened from the chat page's link.
/// </summary>
public static class EndToEndSteps
{
    public const string ConfidantName = "Anne de Vries (voorbeeld)";

    /// <summary>How long a relayed answer may take to show in the chat: a few poll intervals on a busy 2-core machine.</summary>
    public static readonly LocatorAssertionsToBeVisibleOptions RelayWait = new() { Timeout = 60_000 };

    public static readonly DateTimeZone Amsterdam = DateTimeZoneProviders.Tzdb["Europe/Amsterdam"];

    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    /// <summary>A time as the bot and the confidant page write it in Dutch: "dinsdag 15 december 2026 om 14:15".</summary>
    public static string DutchTimeWithYear(LocalDateTime time) => time.ToString("dddd d MMMM yyyy 'om' HH:mm", Dutch);

    /// <summary>The value a datetime-local input takes: "2026-12-15T14:15".</summary>
    public static string LocalInputValue(LocalDateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    public static LocalDateTime AmsterdamNow() => SystemClock.Instance.GetCurrentInstant().InZone(Amsterdam).LocalDateTime;

    /// <summary>One external confidant for employees with consultation hours every day, so there are always free times.</summary>
    public static Task SeedConfidantAsync(LocalChannelHost host)
        => host.Services.GetRequiredService<RosterStore>().AddAsync(Roster.RosterTestKit.AllDayConfidant("e2e-anne", ConfidantName), "e2e-test", CancellationToken.None);

    /// <summary>The card that says <paramref name="text"/> (the latest one).</summary>
    public static ILocator Card(IPage page, string text)
        => page.GetByTestId("webchat").Locator(".ac-adaptiveCard").Filter(new LocatorFilterOptions { HasText = text }).Last;

    /// <summary>Every card in the transcript that says <paramref name="text"/>.</summary>
    public static ILocator AllCards(IPage page, string text)
        => page.GetByTestId("webchat").Locator(".ac-adaptiveCard").Filter(new LocatorFilterOptions { HasText = text });

    /// <summary>The buttons of a card, in order.</summary>
    public static ILocator Buttons(ILocator card) => card.Locator("button.ac-pushButton");

    public static async Task AnswerAsync(IPage page, string question, string answer)
    {
        var card = Card(page, question);
        await Expect(card).ToBeVisibleAsync();
        await Buttons(card).Filter(new LocatorFilterOptions { HasText = answer }).First.SubmitAsync();
    }

    /// <summary>
    /// "afspraak": the seeded confidant, the first free time, online, the pseudonym (typed), and "Ja"
    /// on the summary, until the chat says the request was sent.
    /// </summary>
    public static async Task BookOnlineAsync(IPage chat, string pseudonym)
    {
        await SendAsync(chat, "afspraak");
        await CardButton(chat, "Kies " + ConfidantName).SubmitAsync();
        await Buttons(Card(chat, "Wanneer past het je?")).First.SubmitAsync();
        await CardButton(chat, "Online (Teams, als gast zonder in te loggen)").SubmitAsync();
        await Expect(CardText(chat, "Onder welke schuilnaam")).ToBeVisibleAsync();
        await SendAsync(chat, pseudonym);
        await Expect(Card(chat, "Dit is precies wat de vertrouwenspersoon te zien krijgt")).ToContainTextAsync(pseudonym);
        await CardButton(chat, "Ja").SubmitAsync();
        await Expect(CardText(chat, "Je verzoek is verstuurd")).ToBeVisibleAsync();
    }

    /// <summary>The local confidant page, opened in a new tab from the chat page's link.</summary>
    public static Task<IPage> OpenConfidantPageAsync(IPage chat)
        => chat.Context.RunAndWaitForPageAsync(() => chat.GetByTestId("confidant-link").ClickAsync());

    /// <summary>The request on the confidant page that carries this pseudonym.</summary>
    public static ILocator Request(IPage confidant, string pseudonym)
        => confidant.GetByTestId("request").Filter(new LocatorFilterOptions
        {
            Has = confidant.GetByTestId("pseudonym").GetByText(pseudonym, new LocatorGetByTextOptions { Exact = true }),
        });

    public static async Task<int> CountAsync<T>(IAsyncEnumerable<T> items)
    {
        var count = 0;
        await foreach (var _ in items)
        {
            count++;
        }

        return count;
    }
}
