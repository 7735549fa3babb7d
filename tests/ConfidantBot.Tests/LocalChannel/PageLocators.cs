using Microsoft.Playwright;

namespace ConfidantBot.Tests.LocalChannel;

/// <summary>How the browser tests find what Web Chat renders: by the text a person reads, never by layout.</summary>
public static class PageLocators
{
    public static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    /// <summary>Text in an Adaptive Card Web Chat rendered (the latest card that has it).</summary>
    public static ILocator CardText(IPage page, string text)
        => page.GetByTestId("webchat").Locator(".ac-adaptiveCard").GetByText(text, new LocatorGetByTextOptions { Exact = false }).Last;

    /// <summary>A card button (Action.Submit) with this title, in the latest card that shows it.</summary>
    public static ILocator CardButton(IPage page, string title)
        => page.GetByTestId("webchat").Locator(".ac-adaptiveCard button.ac-pushButton").Filter(new LocatorFilterOptions { HasText = title }).Last;

    /// <summary>A plain message in Web Chat's transcript (its rendered paragraph, not the screen-reader copy).</summary>
    public static ILocator Message(IPage page, string text)
        => page.GetByTestId("webchat").Locator("p").Filter(new LocatorFilterOptions { HasText = text }).Last;

    /// <summary>Every time Web Chat shows with the messages: the status texts under them and their tooltips.</summary>
    public static async Task<string> MessageTimesAsync(IPage page)
    {
        var statuses = page.GetByTestId("webchat").Locator(".webchat__activity-status");
        await Expect(statuses.First).ToBeVisibleAsync();
        var texts = await statuses.AllInnerTextsAsync();
        var titles = await page.GetByTestId("webchat").Locator(".webchat__activity-status [title], .webchat__activity-status[title]")
            .EvaluateAllAsync<string[]>("nodes => nodes.map(n => n.getAttribute('title'))");
        return string.Join(" | ", texts.Concat(titles));
    }

    /// <summary>Dutch readers see "10:37", never "10:37 a.m." (Web Chat's own format is 12-hour).</summary>
    public static async Task AssertDutch24HourTimesAsync(IPage page)
    {
        var times = await MessageTimesAsync(page);
        Assert.DoesNotMatch("(?i)\\b[ap]\\.?m\\.?\\b", times);
        Assert.Matches("\\b\\d{2}:\\d{2}\\b", times);
    }

    /// <summary>
    /// Clicks a card's submit button and waits until the page has posted the submit to the bot; a click that posted
    /// nothing is repeated (at most twice more).
    /// </summary>
    /// <remarks>
    /// On a loaded machine a click on a card could be lost: a run saw the welcome card's "Wat bewaar je?" clicked, no
    /// problem shown, Web Chat connected, and no answer within 60 s (RealAppBrowserTests). Web Chat renders a card again
    /// when the same activity reaches it again, so a click can land on a card that is being replaced. Waiting for the
    /// request makes a lost click visible and repeating it only then never sends a submit twice.
    /// </remarks>
    public static async Task SubmitAsync(this ILocator button)
    {
        const int Attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var posted = button.Page.WaitForRequestAsync(
                request => request.Method == "POST" && request.Url.EndsWith("/activities", StringComparison.Ordinal),
                new PageWaitForRequestOptions { Timeout = 20_000 });
            await button.ClickAsync();
            try
            {
                await posted;
                return;
            }
            catch (TimeoutException) when (attempt < Attempts)
            {
                // Nothing was posted: the click was lost. Click the (re-rendered) button again.
            }
        }
    }

    /// <summary>Types a message into Web Chat's send box and sends it.</summary>
    public static async Task SendAsync(IPage page, string text)
    {
        var sendBox = page.Locator("[data-id=webchat-sendbox-input]");
        await sendBox.FillAsync(text);
        await sendBox.PressAsync("Enter");
    }
}
