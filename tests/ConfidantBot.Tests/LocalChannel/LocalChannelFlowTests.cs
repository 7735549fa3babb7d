using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.LocalChannel;

namespace ConfidantBot.Tests.LocalChannel;

/// <summary>The page's messages reach the bot as a channel would send them, and the bot's replies reach the page.</summary>
public sealed class LocalChannelFlowTests : IAsyncLifetime
{
    private LocalChannelHost _host = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _host = await LocalChannelHost.StartAsync();
        _client = _host.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Starting_a_conversation_tells_the_bot_as_Teams_does_and_the_welcome_reaches_the_page()
    {
        var started = await StartAsync("civil-servant", "nl-NL");

        var update = await _host.Bot.NextAsync(ActivityTypes.ConversationUpdate);
        Assert.Equal("local", update.ChannelId);
        Assert.Equal(started.ConversationId, update.Conversation!.Id);
        Assert.Equal("personal", update.Conversation.ConversationType);
        Assert.Equal(LocalIdentities.TenantId, update.TenantId);
        Assert.Equal(_host.BaseUrl + "local/connector/", update.ServiceUrl);
        Assert.Contains(update.MembersAdded!, member => member.AadObjectId == LocalIdentities.CivilServant.AadObjectId);
        Assert.Contains(update.MembersAdded!, member => member.Id == update.Recipient!.Id);

        await using var stream = await EventStream.OpenAsync(_client, started.ConversationId);
        Assert.Equal("text/event-stream", stream.ContentType);
        var welcome = await stream.NextAsync();
        Assert.Equal("activity", welcome.Name);
        Assert.Equal(RecordingBot.Greeting, welcome.Text);
        Assert.Equal("bot", welcome.Role);
        Assert.False(welcome.Data.TryGetProperty("replyToId", out _), "A reply to the conversationUpdate the page never saw would make Web Chat hold it back.");
    }

    [Fact]
    public async Task A_message_from_the_page_reaches_the_bot_as_a_full_channel_activity_and_the_reply_comes_back()
    {
        var started = await StartAsync("hr-admin", "en-US");
        await _host.Bot.NextAsync(ActivityTypes.ConversationUpdate);
        await using var stream = await EventStream.OpenAsync(_client, started.ConversationId);
        await stream.NextAsync(); // the welcome

        using var posted = await PostAsync(started.ConversationId, new
        {
            type = "message",
            text = "hallo",
            locale = "en-US",
            localTimezone = "Europe/Amsterdam",
            from = new { id = "someone-else", name = "Spoofed", role = "user" },
            channelData = new { clientActivityID = "client-1" },
        });
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var sentId = (await posted.Content.ReadFromJsonAsync<ResourceResponse>())!.Id;

        var received = await _host.Bot.NextAsync(ActivityTypes.Message);
        Assert.Equal(sentId, received.Id);
        Assert.Equal("hallo", received.Text);
        Assert.Equal("local", received.ChannelId);
        Assert.Equal(_host.BaseUrl + "local/connector/", received.ServiceUrl);
        Assert.StartsWith("http://127.0.0.1:", received.ServiceUrl, StringComparison.Ordinal);
        Assert.Equal(LocalIdentities.HrAdmin.UserId, received.From!.Id);
        Assert.Equal(LocalIdentities.HrAdmin.AadObjectId, received.From.AadObjectId);
        Assert.Equal(LocalIdentities.HrAdmin.Name, received.From.Name);
        Assert.Equal("28:local-confidantbot", received.Recipient!.Id);
        Assert.Equal(started.ConversationId, received.Conversation!.Id);
        Assert.Equal("personal", received.Conversation.ConversationType);
        Assert.Equal(LocalIdentities.TenantId, received.Conversation.TenantId);
        Assert.Equal(LocalIdentities.TenantId, received.TenantId);
        Assert.Equal("en-US", received.Locale);
        Assert.Equal("Europe/Amsterdam", received.LocalTimezone);
        Assert.NotNull(received.Timestamp);
        Assert.Contains(received.Entities!, entity => entity.Type == "clientInfo");

        var echo = await stream.NextAsync();
        Assert.Equal(sentId, echo.ActivityId);
        Assert.Equal("user", echo.Role);
        Assert.Equal("client-1", echo.Data.GetProperty("channelData").GetProperty("clientActivityID").GetString());

        var reply = await stream.NextAsync();
        Assert.Equal("Echo: hallo", reply.Text);
        Assert.Equal("bot", reply.Role);
        Assert.Equal(sentId, reply.Data.GetProperty("replyToId").GetString());
        Assert.NotEqual(sentId, reply.ActivityId);

        var card = await stream.NextAsync();
        Assert.Equal(Attachment.AdaptiveCardContentType, card.Data.GetProperty("attachments")[0].GetProperty("contentType").GetString());
    }

    [Fact]
    public async Task A_card_submit_carries_its_value_to_the_bot()
    {
        var started = await StartAsync("civil-servant", "nl-NL");
        await _host.Bot.NextAsync(ActivityTypes.ConversationUpdate);

        using var posted = await PostAsync(started.ConversationId, new
        {
            type = "message",
            value = new { action = "confirm", comment = "prima" },
            channelData = new { clientActivityID = "client-2", postBack = true },
        });
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);

        var received = await _host.Bot.NextAsync(ActivityTypes.Message);
        Assert.Null(received.Text);
        Assert.Equal("confirm", received.Value!.Value.GetProperty("action").GetString());
        Assert.Equal("prima", received.Value.Value.GetProperty("comment").GetString());
        Assert.Equal("message", received.ChannelData!.Value.GetProperty("source").GetProperty("name").GetString());
        Assert.Equal("nl-NL", received.Locale);
    }

    [Fact]
    public async Task A_page_reconnecting_with_Last_Event_ID_gets_only_what_it_missed()
    {
        var started = await StartAsync("civil-servant", "nl-NL");
        long lastSeen;
        await using (var first = await EventStream.OpenAsync(_client, started.ConversationId))
        {
            lastSeen = (await first.NextAsync()).Id;
        }

        using var posted = await PostAsync(started.ConversationId, new { type = "message", text = "nog een", channelData = new { clientActivityID = "client-3" } });
        await using var second = await EventStream.OpenAsync(_client, started.ConversationId, lastSeen);
        var next = await second.NextAsync();
        Assert.Equal("user", next.Role);
        Assert.Equal("nog een", next.Text);
    }

    [Fact]
    public async Task Unknown_conversations_get_404_on_every_endpoint()
    {
        const string unknown = "a:00000000000000000000000000000000";
        using var post = await PostAsync(unknown, new { type = "message", text = "hallo" });
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal("unknown-conversation", (await post.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());

        using var events = await _client.GetAsync($"local/conversations/{Uri.EscapeDataString(unknown)}/events");
        Assert.Equal(HttpStatusCode.NotFound, events.StatusCode);

        using var reply = await _client.PostAsJsonAsync($"local/connector/v3/conversations/{Uri.EscapeDataString(unknown)}/activities", new { type = "message", text = "x" });
        Assert.Equal(HttpStatusCode.NotFound, reply.StatusCode);
        Assert.Equal("ConversationNotFound", (await reply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Conversation_ids_are_long_random_and_distinct()
    {
        var first = await StartAsync("civil-servant", "nl-NL");
        var second = await StartAsync("civil-servant", "nl-NL");
        Assert.NotEqual(first.ConversationId, second.ConversationId);
        Assert.Matches("^a:[0-9a-f]{32}$", first.ConversationId);
    }

    [Theory]
    [InlineData("{\"role\":\"mayor\",\"locale\":\"nl-NL\"}", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("not json", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("{\"role\":\"civil-servant\"}", "text/plain", HttpStatusCode.UnsupportedMediaType)]
    public async Task A_bad_start_request_gets_a_clear_4xx(string body, string contentType, HttpStatusCode expected)
    {
        using var response = await _client.PostAsync("local/conversations", new StringContent(body, Encoding.UTF8, contentType));
        Assert.Equal(expected, response.StatusCode);
        Assert.False(string.IsNullOrEmpty((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Bad_page_posts_are_refused_and_never_reach_the_bot()
    {
        var started = await StartAsync("civil-servant", "nl-NL");
        await _host.Bot.NextAsync(ActivityTypes.ConversationUpdate);

        using var typeEvent = await PostAsync(started.ConversationId, new { type = "event", name = "x" });
        using var empty = await PostAsync(started.ConversationId, new { type = "message" });
        using var huge = await PostAsync(started.ConversationId, new { type = "message", text = new string('x', 300 * 1024) });

        Assert.Equal(HttpStatusCode.BadRequest, typeEvent.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal("too-large", (await huge.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.DoesNotContain(_host.Bot.All, activity => activity.Type == ActivityTypes.Message);
    }

    [Fact]
    public async Task The_connector_refuses_oversized_or_typeless_replies_and_tells_the_page()
    {
        var started = await StartAsync("civil-servant", "nl-NL");
        await using var stream = await EventStream.OpenAsync(_client, started.ConversationId);
        await stream.NextAsync(); // the welcome

        var path = $"local/connector/v3/conversations/{Uri.EscapeDataString(started.ConversationId)}/activities";
        using var huge = await _client.PostAsJsonAsync(path, new { type = "message", text = new string('x', 300 * 1024) });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        var notice = await stream.NextAsync();
        Assert.Equal("notice", notice.Name);
        Assert.Equal("bad-reply", notice.Data.GetProperty("error").GetString());

        using var typeless = await _client.PostAsJsonAsync(path, new { text = "no type" });
        Assert.Equal(HttpStatusCode.BadRequest, typeless.StatusCode);
        Assert.Equal("BadArgument", (await typeless.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
        var secondNotice = await stream.NextAsync();
        Assert.Equal("notice", secondNotice.Name);
        Assert.DoesNotContain("no type", secondNotice.Data.GetRawText(), StringComparison.Ordinal); // never the reply's content
    }

    [Fact]
    public async Task An_update_from_the_bot_replaces_the_earlier_activity_with_the_same_id_and_timestamp()
    {
        var started = await StartAsync("civil-servant", "nl-NL");
        await using var stream = await EventStream.OpenAsync(_client, started.ConversationId);
        var welcome = await stream.NextAsync();

        var path = $"local/connector/v3/conversations/{Uri.EscapeDataString(started.ConversationId)}/activities/{welcome.ActivityId}";
        using var update = await _client.PutAsJsonAsync(path, new { type = "message", text = "Bijgewerkt" });
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        Assert.Equal(welcome.ActivityId, (await update.Content.ReadFromJsonAsync<ResourceResponse>())!.Id);

        var updated = await stream.NextAsync();
        Assert.Equal(welcome.ActivityId, updated.ActivityId);
        Assert.Equal("Bijgewerkt", updated.Text);
        Assert.Equal(welcome.Data.GetProperty("timestamp").GetString(), updated.Data.GetProperty("timestamp").GetString());

        using var unknown = await _client.PutAsJsonAsync(path.Replace(welcome.ActivityId!, "9999999", StringComparison.Ordinal), new { type = "message", text = "x" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_request_naming_a_foreign_host_is_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "local/conversations")
        {
            Content = JsonContent.Create(new { role = "civil-servant", locale = "nl-NL" }),
        };
        request.Headers.Host = "attacker.example";
        using var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain(_host.Bot.All, activity => activity.Type == ActivityTypes.ConversationUpdate);
    }

    private async Task<StartedConversation> StartAsync(string role, string locale)
    {
        using var response = await _client.PostAsJsonAsync("local/conversations", new { role, locale });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new StartedConversation(body.GetProperty("conversationId").GetString()!, body.GetProperty("user").GetProperty("id").GetString()!);
    }

    private Task<HttpResponseMessage> PostAsync(string conversationId, object activity)
        => _client.PostAsJsonAsync($"local/conversations/{Uri.EscapeDataString(conversationId)}/activities", activity);

    private sealed record StartedConversation(string ConversationId, string UserId);
}
