using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Schema;

namespace ConfidantBot.Tests.Hosting;

/// <summary>The real bot through POST /api/messages in local mode, answers caught by the fake connector.</summary>
public sealed class HostConversationTests(LocalHostFixture fixture) : IClassFixture<LocalHostFixture>
{
    private const string DutchStoredTitle = "Wat ik bewaar";
    private const string EnglishStoredTitle = "What I keep";

    private BotHostFactory Host => fixture.Host;

    private string ServiceUrl => fixture.Connector.ServiceUrl;

    [Fact]
    public async Task Install_sends_one_Dutch_welcome_card_that_says_what_is_stored_even_when_Teams_sends_both_events()
    {
        var conversationUpdate = ProtocolBody.Load(ProtocolBody.ConversationUpdate, ServiceUrl);
        var conversationId = conversationUpdate.ConversationId();
        var installationUpdate = ProtocolBody.Load(ProtocolBody.InstallationUpdate, ServiceUrl, conversationId);
        installationUpdate.Remove("locale");

        Assert.Equal(HttpStatusCode.OK, (await Host.PostActivityAsync(conversationUpdate)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Host.PostActivityAsync(installationUpdate)).StatusCode);

        var welcome = await fixture.Connector.NextAsync(conversationId);
        Assert.NotNull(welcome.Card);
        Assert.Contains(DutchStoredTitle, welcome.VisibleText, StringComparison.Ordinal);
        Assert.Contains("Ik bewaar geen berichten", welcome.VisibleText, StringComparison.Ordinal);
        Assert.Contains("vergeet mij", welcome.VisibleText, StringComparison.Ordinal);
        AssertNothingMore(conversationId);
    }

    [Fact]
    public async Task Installation_update_alone_welcomes_once_and_in_English_for_an_English_client()
    {
        var installationUpdate = ProtocolBody.Load(ProtocolBody.InstallationUpdate, ServiceUrl);
        var conversationId = installationUpdate.ConversationId();
        var conversationUpdate = ProtocolBody.Load(ProtocolBody.ConversationUpdate, ServiceUrl, conversationId);

        Assert.Equal(HttpStatusCode.OK, (await Host.PostActivityAsync(installationUpdate)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Host.PostActivityAsync(conversationUpdate)).StatusCode);

        var welcome = await fixture.Connector.NextAsync(conversationId);
        Assert.Contains(EnglishStoredTitle, welcome.VisibleText, StringComparison.Ordinal);
        Assert.Contains("I keep no messages", welcome.VisibleText, StringComparison.Ordinal);
        Assert.DoesNotContain(DutchStoredTitle, welcome.VisibleText, StringComparison.Ordinal);
        AssertNothingMore(conversationId);
    }

    [Fact]
    public async Task Replies_land_at_the_connectors_reply_url_of_the_right_conversation()
    {
        var message = ProtocolBody.TypedMessage(ServiceUrl, ProtocolBody.NewConversationId(), "hallo");
        var conversationId = message.ConversationId();

        Assert.Equal(HttpStatusCode.OK, (await Host.PostActivityAsync(message)).StatusCode);

        var reply = await fixture.Connector.NextAsync(conversationId);
        Assert.Equal("POST", reply.Method);
        Assert.Equal($"/v3/conversations/{conversationId}/activities/{message["id"]}", reply.Path);
        Assert.Equal(conversationId, reply.Activity.Conversation?.Id);
        Assert.Equal(message["id"]!.GetValue<string>(), reply.Activity.ReplyToId);
        Assert.Equal(string.Empty, reply.Authorization); // local mode: no identity, no token
    }

    [Fact]
    public async Task Hallo_shows_the_menu()
    {
        var conversationId = ProtocolBody.NewConversationId();

        await Host.PostActivityAsync(ProtocolBody.TypedMessage(ServiceUrl, conversationId, "hallo"));

        var menu = await fixture.Connector.NextAsync(conversationId);
        Assert.Contains("Wat wil je doen?", menu.VisibleText, StringComparison.Ordinal);
        Assert.Contains("Welke route past bij mij?", menu.VisibleText, StringComparison.Ordinal);
        Assert.Contains("Vergeet mij", menu.VisibleText, StringComparison.Ordinal);
        Assert.DoesNotContain("Ik lees en bewaar geen verhalen", menu.VisibleText, StringComparison.Ordinal);
        AssertNothingMore(conversationId);
    }

    [Fact]
    public async Task A_typed_story_gets_the_kind_reply_with_the_menu_and_is_nowhere_in_the_store_files()
    {
        var canary = "Mijn leidinggevende Kanarie-" + Guid.NewGuid().ToString("N") + " pest mij al maanden";
        var conversationId = ProtocolBody.NewConversationId();

        await Host.PostActivityAsync(ProtocolBody.TypedMessage(ServiceUrl, conversationId, "hallo"));
        await fixture.Connector.NextAsync(conversationId);
        var response = await Host.PostActivityAsync(ProtocolBody.TypedMessage(ServiceUrl, conversationId, canary));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = await fixture.Connector.NextAsync(conversationId);
        Assert.Contains("Ik lees en bewaar geen verhalen", reply.VisibleText, StringComparison.Ordinal);
        Assert.Contains("Wat wil je doen?", reply.VisibleText, StringComparison.Ordinal);
        Assert.DoesNotContain("Kanarie", reply.VisibleText, StringComparison.Ordinal);
        Assert.False(await StoreFiles.ContainAsync(Host.DataDirectory, "Kanarie"), "The typed story reached the data folder.");
        Assert.DoesNotContain(Host.Logs.GetSnapshot(), log => log.Message.Contains("Kanarie", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("groupChat")]
    [InlineData("channel")]
    public async Task Outside_a_personal_chat_the_bot_only_says_it_works_in_personal_chats_and_stores_nothing(string conversationType)
    {
        var conversationId = ProtocolBody.NewConversationId();
        var before = await StoreFiles.CountItemsAsync(Host.DataDirectory);
        var install = ProtocolBody.Load(ProtocolBody.ConversationUpdate, ServiceUrl, conversationId);
        install["conversation"]!["conversationType"] = conversationType;
        var message = ProtocolBody.TypedMessage(ServiceUrl, conversationId, "hallo");
        message["conversation"]!["conversationType"] = conversationType;

        Assert.Equal(HttpStatusCode.OK, (await Host.PostActivityAsync(install)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Host.PostActivityAsync(message)).StatusCode);

        var reply = await fixture.Connector.NextAsync(conversationId);
        Assert.Null(reply.Card);
        Assert.Contains("persoonlijk gesprek", reply.Activity.Text, StringComparison.Ordinal);
        AssertNothingMore(conversationId);
        Assert.Equal(before, await StoreFiles.CountItemsAsync(Host.DataDirectory));
    }

    [Theory]
    [InlineData("messageReaction")]
    [InlineData("typing")]
    [InlineData("endOfConversation")]
    public async Task Unsupported_activity_types_get_200_and_are_ignored(string type)
    {
        var body = ProtocolBody.Load(ProtocolBody.MessageReaction, ServiceUrl);
        body["type"] = type;
        var turnsBefore = Host.Handler.Turns.Count;

        var response = await Host.PostActivityAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(Host.Handler.Turns.Skip(turnsBefore), turn => turn.Conversation?.Id == body.ConversationId());
        AssertNothingMore(body.ConversationId());
    }

    [Fact]
    public async Task An_adaptive_card_action_invoke_gets_200_with_an_invoke_response_body()
    {
        var invoke = ProtocolBody.Load(ProtocolBody.Invoke, ServiceUrl);

        var response = await Host.PostActivityAsync(invoke);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(200, body["statusCode"]!.GetValue<int>());
        Assert.StartsWith("application/vnd.microsoft.", body["type"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(body["value"]);
    }

    [Fact]
    public async Task A_forged_non_loopback_service_url_is_refused_before_the_bot_runs_and_never_posted_to()
    {
        var forged = ProtocolBody.TypedMessage("https://203.0.113.7/amer/", ProtocolBody.NewConversationId(), "hallo");
        var sentBefore = fixture.Connector.All.Count;
        var itemsBefore = await StoreFiles.CountItemsAsync(Host.DataDirectory);

        var response = await Host.PostActivityAsync(forged);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("serviceUrl", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(Host.Handler.Turns, turn => turn.Conversation?.Id == forged.ConversationId());
        Assert.Equal(sentBefore, fixture.Connector.All.Count);
        Assert.Equal(itemsBefore, await StoreFiles.CountItemsAsync(Host.DataDirectory));
        Assert.DoesNotContain(Host.Logs.GetSnapshot(), log => log.Level >= Microsoft.Extensions.Logging.LogLevel.Error && log.Category!.EndsWith("CloudAdapter", StringComparison.Ordinal));
        Assert.DoesNotContain(Host.Logs.GetSnapshot(), log => log.Message.Contains("203.0.113.7", StringComparison.Ordinal));

        // The host is still fine for everyone else.
        var conversationId = ProtocolBody.NewConversationId();
        await Host.PostActivityAsync(ProtocolBody.TypedMessage(ServiceUrl, conversationId, "menu"));
        Assert.Contains("Wat wil je doen?", (await fixture.Connector.NextAsync(conversationId)).VisibleText, StringComparison.Ordinal);
    }

    private void AssertNothingMore(string conversationId)
    {
        // The turn awaits every post to the connector before the host answers the HTTP request, so
        // whatever the bot sent for the activities posted so far has already arrived.
        var extra = fixture.Connector.Drain(conversationId);
        Assert.True(extra.Count == 0, "Unexpected activities: " + string.Join(" | ", extra.Select(e => e.VisibleText)));
    }
}
