using System.Net;
using Microsoft.Playwright;
using static ConfidantBot.Tests.LocalChannel.PageLocators;

namespace ConfidantBot.Tests.LocalChannel;

/// <summary>Issue 18 item 8: the local pages speak the page's language in their times too, and have an icon.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LocalPageLookTests
{
    [Fact]
    public async Task Dutch_message_times_read_like_10_37_and_never_with_am_or_pm()
    {
        await using var host = await LocalChannelHost.StartAsync();
        await using var browser = await BrowserSession.StartAsync("nl-NL");
        var page = browser.Page;
        await page.GotoAsync(host.BaseUrl + "?lang=nl-NL");
        await Expect(Message(page, RecordingBot.Greeting)).ToBeVisibleAsync();
        await SendAsync(page, "hallo");
        await Expect(Message(page, "Echo: hallo")).ToBeVisibleAsync();

        await AssertDutch24HourTimesAsync(page);
    }

    [Fact]
    public async Task Both_local_pages_have_an_icon_and_the_confidant_page_says_u()
    {
        await using var host = await LocalChannelHost.StartAsync(new LocalChannelHost.HostOptions { Services = LocalCalendarForTests.AddIfMissing });
        using var client = host.CreateClient();
        using var icon = await client.GetAsync("favicon.svg");
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("<svg", await icon.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await using var browser = await BrowserSession.StartAsync("nl-NL");
        var page = browser.Page;
        foreach (var path in new[] { "?lang=nl-NL", "confidant?lang=nl-NL" })
        {
            await page.GotoAsync(host.BaseUrl + path);
            Assert.Equal("/favicon.svg", await page.Locator("link[rel=icon]").GetAttributeAsync("href"));
        }

        await Expect(page.GetByTestId("intro")).Not.ToBeEmptyAsync();
        Assert.Equal("U speelt de vertrouwenspersoon", await page.Locator("#heading").InnerTextAsync());
        var pageText = await page.Locator("main").InnerTextAsync();
        Assert.DoesNotMatch("(?i)\\b(je|jij|jouw)\\b", pageText);
    }
}
