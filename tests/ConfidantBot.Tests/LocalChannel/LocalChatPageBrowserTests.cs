using System.Net.Http.Json;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.LocalChannel;
using Microsoft.Playwright;

namespace ConfidantBot.Tests.LocalChannel;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection
{
    public const string Name = "Browser";
}

/// <summary>The chat page in a real headless Chromium: Web Chat renders the bot's text and cards, and problems are shown, not hidden.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LocalChatPageBrowserTests
{
    [Fact]
    public async Task A_person_chats_sees_the_echo_and_a_rendered_card_and_can_press_its_button()
    {
        await using var host = await LocalChannelHost.StartAsync();
        await using var browser = await BrowserSession.StartAsync();
        var page = browser.Page;

        await page.GotoAsync(host.BaseUrl + "?lang=nl-NL");
        await Expect(page.GetByTestId("local-badge")).ToHaveTextAsync("Lokale testomgeving — geen Teams");
        await Expect(Message(page, RecordingBot.Greeting)).ToBeVisibleAsync();

        var sendBox = page.Locator("[data-id=webchat-sendbox-input]");
        await sendBox.FillAsync("hallo");
        await sendBox.PressAsync("Enter");

        await Expect(Message(page, "Echo: hallo")).ToBeVisibleAsync();
        // The card's Action.Execute has no place in Web Chat; its Action.Submit fallback is the button.
        var button = page.Locator(".ac-adaptiveCard button.ac-pushButton").Filter(new LocatorFilterOptions { HasText = RecordingBot.CardButton });
        await Expect(button).ToBeVisibleAsync();
        await Expect(page.Locator(".ac-adaptiveCard").GetByText("Testkaart")).ToBeVisibleAsync();
        Assert.Equal(0, await page.GetByText("AdaptiveCard").CountAsync());
        Assert.Equal(0, await page.GetByText(Attachment.AdaptiveCardContentType).CountAsync());
        await browser.ScreenshotAsync("local-chat-card");

        await button.ClickAsync();
        await Expect(Message(page, "Kaart ontvangen: confirm")).ToBeVisibleAsync();

        var submit = host.Bot.All.Last(activity => activity.Type == ActivityTypes.Message);
        Assert.Equal("confirm", submit.Value!.Value.GetProperty("action").GetString());
        Assert.Equal(LocalIdentities.CivilServant.AadObjectId, submit.From!.AadObjectId);
        Assert.Equal("nl-NL", submit.Locale);
    }

    [Fact]
    public async Task Switching_role_and_language_starts_a_fresh_conversation_as_that_identity()
    {
        await using var host = await LocalChannelHost.StartAsync();
        await using var browser = await BrowserSession.StartAsync();
        var page = browser.Page;

        await page.GotoAsync(host.BaseUrl + "?lang=nl-NL");
        var first = await host.Bot.NextAsync(ActivityTypes.ConversationUpdate);
        Assert.Equal(LocalIdentities.CivilServant.AadObjectId, first.From!.AadObjectId);
        await Expect(Message(page, RecordingBot.Greeting)).ToBeVisibleAsync();

        await page.GetByTestId("role").SelectOptionAsync("hr-admin");
        var second = await host.Bot.NextAsync(ActivityTypes.ConversationUpdate);
        Assert.Equal(LocalIdentities.HrAdmin.AadObjectId, second.From!.AadObjectId);
        Assert.NotEqual(first.Conversation!.Id, second.Conversation!.Id);
        await Expect(page.GetByTestId("identity")).ToContainTextAsync(LocalIdentities.HrAdmin.Name);

        await page.GetByTestId("language").SelectOptionAsync("en-US");
        var third = await host.Bot.NextAsync(ActivityTypes.ConversationUpdate);
        Assert.Equal("en-US", third.Locale);
        await Expect(page.GetByTestId("local-badge")).ToHaveTextAsync("Local test environment — not Teams");
        await Expect(Message(page, RecordingBot.Greeting)).ToBeVisibleAsync();

        var sendBox = page.Locator("[data-id=webchat-sendbox-input]");
        await sendBox.FillAsync("hello");
        await sendBox.PressAsync("Enter");
        var message = await host.Bot.NextAsync(ActivityTypes.Message);
        Assert.Equal("hello", message.Text);
        Assert.Equal("en-US", message.Locale);
        Assert.Equal(LocalIdentities.HrAdmin.UserId, message.From!.Id);
        Assert.Equal(third.Conversation!.Id, message.Conversation!.Id);
        await Expect(Message(page, "Echo: hello")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("local-chat-hr-admin-english");
    }

    [Fact]
    public async Task When_the_host_stops_the_page_says_the_bot_is_unreachable()
    {
        await using var host = await LocalChannelHost.StartAsync();
        await using var browser = await BrowserSession.StartAsync();
        var page = browser.Page;
        await page.GotoAsync(host.BaseUrl + "?lang=nl-NL");
        await Expect(Message(page, RecordingBot.Greeting)).ToBeVisibleAsync();
        await Expect(page.GetByTestId("banner")).ToBeHiddenAsync();

        await host.DisposeAsync(); // stops the host; disposing again at the end does nothing

        var banner = page.GetByTestId("banner");
        await Expect(banner).ToBeVisibleAsync();
        await Expect(banner).ToContainTextAsync("De bot is niet bereikbaar");
        await browser.ScreenshotAsync("local-chat-bot-stopped");
    }

    [Fact]
    public async Task A_reply_the_channel_cannot_take_is_reported_on_the_page()
    {
        await using var host = await LocalChannelHost.StartAsync();
        await using var browser = await BrowserSession.StartAsync();
        var page = browser.Page;
        await page.GotoAsync(host.BaseUrl + "?lang=en-US");
        var started = await host.Bot.NextAsync(ActivityTypes.ConversationUpdate);
        await Expect(Message(page, RecordingBot.Greeting)).ToBeVisibleAsync();

        // Acting as the bot: a reply far beyond the connector's size limit.
        using var client = host.CreateClient();
        using var refused = await client.PostAsJsonAsync(
            $"local/connector/v3/conversations/{Uri.EscapeDataString(started.Conversation!.Id!)}/activities",
            new { type = "message", text = new string('x', 300 * 1024) });
        Assert.Equal(System.Net.HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);

        var banner = page.GetByTestId("banner");
        await Expect(banner).ToBeVisibleAsync();
        await Expect(banner).ToContainTextAsync("A reply from the bot could not be shown.");
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    /// <summary>A message in Web Chat's transcript (its rendered paragraph, not the screen-reader copy).</summary>
    private static ILocator Message(IPage page, string text)
        => page.GetByTestId("webchat").Locator("p").Filter(new LocatorFilterOptions { HasText = text }).Last;
}
