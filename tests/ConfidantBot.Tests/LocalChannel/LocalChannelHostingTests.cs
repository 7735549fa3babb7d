using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ConfidantBot.Tests.LocalChannel;

/// <summary>The page and its libraries are served in local mode, and nothing of the local channel exists otherwise.</summary>
public sealed class LocalChannelHostingTests
{
    [Fact]
    public async Task Local_mode_serves_the_page_Web_Chat_and_the_page_script()
    {
        await using var host = await LocalChannelHost.StartAsync();
        using var client = host.CreateClient();

        using var page = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Lokale testomgeving — geen Teams", html, StringComparison.Ordinal);
        Assert.Contains("/lib/webchat.js", html, StringComparison.Ordinal);

        using var webChat = await client.GetAsync("/lib/webchat.js");
        Assert.Equal(HttpStatusCode.OK, webChat.StatusCode);
        Assert.Equal("text/javascript", webChat.Content.Headers.ContentType!.MediaType);
        Assert.Contains("renderWebChat", await webChat.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var adaptiveCards = await client.GetAsync("/lib/adaptivecards.js");
        Assert.Equal(HttpStatusCode.OK, adaptiveCards.StatusCode);

        using var script = await client.GetAsync("/chat.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Contains("connectionStatus$", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_bot_refuses_what_the_channel_sends_the_page_gets_a_readable_502()
    {
        // A body limit at /api/messages smaller than any activity makes the host itself refuse it.
        await using var host = await LocalChannelHost.StartAsync(new Dictionary<string, string?> { ["BotHost:MaxRequestBodyBytes"] = "100" });
        using var client = host.CreateClient();

        using var response = await client.PostAsJsonAsync("local/conversations", new { role = "civil-servant", locale = "nl-NL" });

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("bot-refused", problem.GetProperty("error").GetString());
        Assert.Contains("413", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_an_app_id_the_page_and_the_local_channel_do_not_exist()
    {
        await using var host = await LocalChannelHost.StartAsync(new Dictionary<string, string?>
        {
            ["Bot:AppId"] = "00000000-0000-0000-0000-0000000000b0",
            ["Booking:ServiceMailbox"] = ConfidantBot.Tests.Hosting.BotHostFactory.ServiceMailbox,
            ["Graph:BaseUrl"] = ConfidantBot.Tests.Hosting.BotHostFactory.ClosedGraph,
        });
        using var client = host.CreateClient();

        using var page = await client.GetAsync("/");
        using var start = await client.PostAsJsonAsync("local/conversations", new { role = "civil-servant", locale = "nl-NL" });
        using var connector = await client.PostAsJsonAsync("local/connector/v3/conversations/a:1/activities", new { type = "message" });
        using var confidantPage = await client.GetAsync("/confidant");
        using var requests = await client.GetAsync("local/confidant/requests");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, confidantPage.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, requests.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, start.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, connector.StatusCode);
    }
}
