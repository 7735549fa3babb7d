using Microsoft.Playwright;
using static ConfidantBot.Tests.LocalChannel.PageLocators;

namespace ConfidantBot.Tests.LocalChannel;

/// <summary>The app as `dotnet run` starts it (its own bot, no test bot), in headless Chromium.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RealAppBrowserTests
{
    [Theory]
    [InlineData("nl-NL", "Welkom bij de vertrouwenspersonen-assistent", "Wat bewaar je?", "Wat bewaar ik?")]
    [InlineData("en-US", "Welcome to the confidant assistant", "What do you keep?", "What do I store?")]
    public async Task The_welcome_card_shows_in_the_browser_language_and_its_privacy_button_works(string locale, string welcome, string privacyButton, string privacyTitle)
    {
        await using var host = await LocalChannelHost.StartAsync(new LocalChannelHost.HostOptions { RealBot = true });
        await using var browser = await BrowserSession.StartAsync(locale);
        var page = browser.Page;

        await page.GotoAsync(host.BaseUrl);

        await Expect(CardText(page, welcome)).ToBeVisibleAsync();
        Assert.Equal(0, await page.GetByText("AdaptiveCard").CountAsync());
        await browser.ScreenshotAsync("real-app-welcome-" + locale);

        await CardButton(page, privacyButton).SubmitAsync();

        await Expect(CardText(page, privacyTitle)).ToBeVisibleAsync();
        await Expect(page.GetByTestId("banner")).ToBeHiddenAsync();
        await browser.ScreenshotAsync("real-app-privacy-" + locale);
    }
}
