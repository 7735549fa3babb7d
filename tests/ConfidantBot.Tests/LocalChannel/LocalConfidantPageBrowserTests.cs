using ConfidantBot.Booking;
using ConfidantBot.Booking.Calendar;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static ConfidantBot.Tests.LocalChannel.PageLocators;

namespace ConfidantBot.Tests.LocalChannel;

/// <summary>The confidant page in headless Chromium: what the confidant reads, the answers, and that typed names stay text.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LocalConfidantPageBrowserTests
{
    private const string ScriptPseudonym = "<img src=x onerror=alert(1)>";

    [Fact]
    public async Task A_pseudonym_with_markup_shows_as_text_and_runs_nothing()
    {
        await using var host = await LocalChannelHost.StartAsync(new LocalChannelHost.HostOptions { Services = LocalCalendarForTests.AddIfMissing });
        await LocalCalendarForTests.CreateAsync(host, LocalCalendarForTests.Invitation(pseudonym: ScriptPseudonym));
        await using var browser = await BrowserSession.StartAsync();
        var page = browser.Page;
        var dialogs = 0;
        page.Dialog += (_, dialog) =>
        {
            dialogs++;
            _ = dialog.DismissAsync();
        };

        await page.GotoAsync(host.BaseUrl + "confidant?lang=nl-NL");

        var request = page.GetByTestId("request");
        await Expect(request.GetByTestId("pseudonym")).ToHaveTextAsync(ScriptPseudonym);
        Assert.Equal(0, await page.Locator("#requests img").CountAsync());
        await page.GetByTestId("refresh").ClickAsync();
        await Expect(request.GetByTestId("pseudonym")).ToHaveTextAsync(ScriptPseudonym);
        Assert.Equal(0, dialogs);
    }

    [Fact]
    public async Task The_confidant_reads_the_request_accepts_it_and_sees_the_answer()
    {
        await using var host = await LocalChannelHost.StartAsync(new LocalChannelHost.HostOptions { Services = LocalCalendarForTests.AddIfMissing });
        await LocalCalendarForTests.CreateAsync(host, LocalCalendarForTests.Invitation());
        await LocalCalendarForTests.CreateAsync(host, LocalCalendarForTests.Invitation("booking-2", "Kraanvogel", MeetingMode.PhoneConfidantCalls, "06 12345678"));
        await using var browser = await BrowserSession.StartAsync();
        var page = browser.Page;

        await page.GotoAsync(host.BaseUrl + "confidant?lang=nl-NL");

        var first = page.GetByTestId("request").Filter(new LocatorFilterOptions { Has = page.GetByText("VP-BOOKING-1", new PageGetByTextOptions { Exact = true }) });
        await Expect(first.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Vertrouwelijk gesprek VP-BOOKING-1");
        await Expect(first.GetByTestId("pseudonym")).ToHaveTextAsync("Zilvermeeuw");
        await Expect(first.GetByTestId("time")).ToHaveTextAsync("dinsdag 1 december 2026 om 10:00 (60 minuten, Europe/Amsterdam)");
        await Expect(first.GetByTestId("how")).ToContainTextAsync("Online via de Teams-vergadering");
        await Expect(first.GetByTestId("topic")).ToHaveCountAsync(0);
        await Expect(first.GetByTestId("status")).ToHaveTextAsync("Nog niet beantwoord");
        var second = page.GetByTestId("request").Filter(new LocatorFilterOptions { Has = page.GetByText("VP-BOOKING-2", new PageGetByTextOptions { Exact = true }) });
        await Expect(second.GetByTestId("how")).ToHaveTextAsync("Telefonisch: u belt 06 12345678.");
        await Expect(page.GetByTestId("relay-note")).ToContainTextAsync("Booking:AnswerPollInterval");
        await browser.ScreenshotAsync("confidant-page-requests");

        await first.GetByTestId("accept").ClickAsync();
        await Expect(first.GetByTestId("status")).ToHaveTextAsync("Geaccepteerd");

        // A time in the past is refused with a clear message, and the form stays open for another try.
        var today = NodaTime.SystemClock.Instance.GetCurrentInstant().InZone(NodaTime.DateTimeZoneProviders.Tzdb["Europe/Amsterdam"]).Date;
        await second.GetByTestId("propose").ClickAsync();
        await second.GetByTestId("proposed-start").FillAsync(today.PlusDays(-1).At(new NodaTime.LocalTime(9, 15)).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await second.GetByTestId("propose-send").ClickAsync();
        await Expect(page.GetByTestId("banner")).ToContainTextAsync("Die tijd is al voorbij. Stel een tijd in de toekomst voor.");
        await Expect(second.GetByTestId("status")).ToHaveTextAsync("Nog niet beantwoord");

        var proposed = today.PlusDays(10).At(new NodaTime.LocalTime(9, 15));
        await second.GetByTestId("proposed-start").FillAsync(proposed.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await second.GetByTestId("propose-send").ClickAsync();
        await Expect(second.GetByTestId("status")).ToHaveTextAsync("Andere tijd voorgesteld: " + proposed.ToString("dddd d MMMM yyyy 'om' HH:mm", System.Globalization.CultureInfo.GetCultureInfo("nl-NL")));
        await browser.ScreenshotAsync("confidant-page-answered");

        var calendar = host.Services.GetRequiredService<LocalCalendarProvider>();
        Assert.Equal(AttendeeAnswer.Accepted, (await calendar.GetResponseAsync("booking-1", CancellationToken.None)).Answer);
        Assert.Equal(AttendeeAnswer.NewTimeProposed, (await calendar.GetResponseAsync("booking-2", CancellationToken.None)).Answer);

        await page.GetByTestId("language").SelectOptionAsync("en-US");
        await Expect(first.GetByTestId("status")).ToHaveTextAsync("Accepted");
        await Expect(first.GetByTestId("time")).ToHaveTextAsync("Tuesday 1 December 2026 at 10:00 (60 minutes, Europe/Amsterdam)");
    }

    [Fact]
    public async Task A_request_cancelled_meanwhile_gives_a_readable_message()
    {
        await using var host = await LocalChannelHost.StartAsync(new LocalChannelHost.HostOptions { Services = LocalCalendarForTests.AddIfMissing });
        await LocalCalendarForTests.CreateAsync(host, LocalCalendarForTests.Invitation());
        await using var browser = await BrowserSession.StartAsync();
        var page = browser.Page;
        await page.GotoAsync(host.BaseUrl + "confidant?lang=nl-NL");
        var request = page.GetByTestId("request");
        await Expect(request.GetByTestId("accept")).ToBeVisibleAsync();

        await host.Services.GetRequiredService<LocalCalendarProvider>().CancelEventAsync("booking-1", CancellationToken.None);
        await request.GetByTestId("decline").ClickAsync();

        await Expect(page.GetByTestId("banner")).ToContainTextAsync("Dit verzoek is intussen geannuleerd");
        await Expect(request.GetByTestId("cancelled")).ToBeVisibleAsync();
        Assert.Equal(0, await request.GetByTestId("accept").CountAsync());
    }

    [Fact]
    public async Task The_chat_page_links_to_the_confidant_page_and_back()
    {
        await using var host = await LocalChannelHost.StartAsync(new LocalChannelHost.HostOptions { Services = LocalCalendarForTests.Remove });
        await using var browser = await BrowserSession.StartAsync();
        var page = browser.Page;
        await page.GotoAsync(host.BaseUrl + "?lang=nl-NL");

        var link = page.GetByTestId("confidant-link");
        await Expect(link).ToHaveTextAsync("Speel de vertrouwenspersoon →");
        var confidantPage = await page.Context.RunAndWaitForPageAsync(() => link.ClickAsync());
        await Expect(confidantPage.GetByTestId("empty")).ToContainTextAsync("Er is geen lokale agenda");
        await Expect(confidantPage.GetByTestId("back-to-chat")).ToHaveAttributeAsync("href", "/?lang=nl-NL");
        await browser.ScreenshotAsync("confidant-page-no-calendar", confidantPage);
    }
}
