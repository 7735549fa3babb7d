using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.Tests.LocalChannel;
using Microsoft.Playwright;

namespace ConfidantBot.Tests.Cards;

/// <summary>
/// Every card template the app can send, with its representative data (<see cref="CardSamples"/>,
/// one file per card in <c>tests/ConfidantBot.Tests/Cards/Samples/</c>), in Dutch and English,
/// rendered as a person on the local page sees it: the real host, the page's own Web Chat (from
/// <c>src/ConfidantBot/ClientApp/node_modules/botframework-webchat</c>) in Debian's Chromium, each card
/// sent as a bot reply through the local connector. A card fails when the browser console shows any
/// error or warning while it renders, or when Web Chat shows no Adaptive Card for it (an empty
/// bubble, an error box) or a card without a word in it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WebChatRenderTests
{
    private const string Activities = ".webchat__basic-transcript__activity";

    public static TheoryData<string> Languages() => [.. CardSamples.Languages.Select(culture => culture.Name)];

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task Every_card_renders_in_Web_Chat_without_an_error_or_warning(string language)
    {
        var culture = CultureInfo.GetCultureInfo(language);
        var samples = CardSamples.Bound().Where(sample => sample.Culture.Equals(culture)).ToList();
        Assert.NotEmpty(samples);

        await using var host = await LocalChannelHost.StartAsync();
        await using var browser = await BrowserSession.StartAsync(language);
        var page = browser.Page;
        var console = new ConcurrentQueue<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning" or "assert")
            {
                console.Enqueue($"console.{message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => console.Enqueue("uncaught: " + error);
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                console.Enqueue($"HTTP {response.Status}: {response.Url}");
            }
        };

        await page.GotoAsync(host.BaseUrl + "?lang=" + language);
        var started = await host.Bot.NextAsync(ActivityTypes.ConversationUpdate);
        await Assertions.Expect(PageLocators.Message(page, RecordingBot.Greeting)).ToBeVisibleAsync();
        var failures = new List<string>();
        var reported = new HashSet<string>(StringComparer.Ordinal);
        Drain(console, reported, "the page before any card", failures);

        using var client = host.CreateClient();
        var connector = $"local/connector/v3/conversations/{Uri.EscapeDataString(started.Conversation!.Id!)}/activities";
        var transcript = page.GetByTestId("webchat").Locator(Activities);
        var shown = await transcript.CountAsync();
        foreach (var sample in samples)
        {
            using var sent = await client.PostAsJsonAsync(connector, new
            {
                type = ActivityTypes.Message,
                locale = language,
                attachments = new[] { new { contentType = sample.Card.ContentType, content = sample.Card.Content } },
            });
            if (!sent.IsSuccessStatusCode)
            {
                failures.Add($"{sample.Name}: the local connector refused it ({(int)sent.StatusCode} {await sent.Content.ReadAsStringAsync()})");
                continue;
            }

            shown++;
            await Assertions.Expect(transcript).ToHaveCountAsync(shown);
            var activity = transcript.Nth(shown - 1);

            // Web Chat renders a card synchronously once its activity is in the transcript; a frame
            // later every message the renderer logs is in the console.
            await page.EvaluateAsync("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))");
            Drain(console, reported, sample.Name, failures);
            var cards = activity.Locator(".ac-adaptiveCard");
            if (await cards.CountAsync() != 1)
            {
                failures.Add($"{sample.Name}: Web Chat shows no Adaptive Card (an empty bubble or an error box): \"{await activity.InnerTextAsync()}\"");
            }
            else if (string.IsNullOrWhiteSpace(await cards.InnerTextAsync()))
            {
                failures.Add($"{sample.Name}: the card shows no text");
            }
        }

        await browser.ScreenshotAsync("every-card-" + language);
        Assert.True(failures.Count == 0, $"{failures.Count} problem(s) while Web Chat rendered the cards:\n" + string.Join("\n", failures));
    }

    /// <summary>
    /// Moves what the console said since the last card into the failures of this card. Web Chat
    /// renders earlier activities again when a new one arrives and repeats their messages then, so a
    /// message is reported once, for the card that caused it; a later card with the same fault still
    /// fails, because Web Chat then shows no card for it.
    /// </summary>
    private static void Drain(ConcurrentQueue<string> console, HashSet<string> reported, string what, List<string> failures)
    {
        var lines = new StringBuilder();
        while (console.TryDequeue(out var line))
        {
            if (reported.Add(line))
            {
                lines.Append("\n    ").Append(line);
            }
        }

        if (lines.Length > 0)
        {
            failures.Add($"{what}:{lines}");
        }
    }
}
