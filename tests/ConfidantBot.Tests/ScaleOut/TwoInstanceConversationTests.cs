using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.State;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.BotFramework.Tests.Storage;
using ConfidantBot.Presentation;
using ConfidantBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConfidantBot.Tests.ScaleOut;

/// <summary>
/// Two instances behind a load balancer: the turns of one conversation land on either instance,
/// so the conversation's state must live only in the shared store, never in one instance's memory.
/// </summary>
[Collection(ScaleOutCollection.Name)]
public sealed class TwoInstanceConversationTests(AzuriteFixture azurite)
{
    private const int Conversations = 50;

    [Fact]
    public async Task Fifty_conversations_with_turns_alternating_between_two_instances_keep_their_whole_state()
    {
        await using var connector = await FakeConnector.StartAsync();
        await using var instances = TwoInstances.Start(azurite);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, Conversations).Select(index => WalkAsync(instances, connector, $"a:scaleout-{index}")));

        Assert.All(outcomes, outcome => Assert.Equal(Walk.Complete, outcome));
        var storage = instances.Second.Services.GetRequiredService<IStorage>();
        foreach (var index in Enumerable.Range(0, Conversations))
        {
            var conversationId = $"a:scaleout-{index}";
            var state = await storage.ReadAsync(ConversationState.GetStorageKey(new Activity { ChannelId = "msteams", Conversation = new ConversationAccount { Id = conversationId } }));
            Assert.NotNull(state);
            var saved = JsonNode.Parse(Encoding.UTF8.GetString(state.Data.Span))!.AsObject();
            Assert.True(saved["welcomed"]?.GetValue<bool>(), $"{conversationId} lost its 'welcomed' flag");
        }
    }

    private enum Walk { Complete }

    /// <summary>
    /// One person's conversation, turn by turn, alternating instances: welcome (A), menu (B), the
    /// guide button (A), a second install event (B: must not welcome again, A's write is seen),
    /// "stop" (A), then two turns at the same moment on both instances (both answered, none lost).
    /// </summary>
    private static async Task<Walk> WalkAsync(TwoInstances instances, FakeConnector connector, string conversationId)
    {
        var url = connector.ServiceUrl;
        await TurnAsync(instances.FirstClient, TeamsActivities.MembersAdded(url, conversationId));
        Assert.Contains(Text("conversation.welcome.title"), Single(connector.Drain(conversationId)).VisibleText);

        await TurnAsync(instances.SecondClient, TeamsActivities.Message(url, conversationId, "hallo"));
        Assert.Contains(Text("conversation.menu.title"), Single(connector.Drain(conversationId)).VisibleText);

        await TurnAsync(instances.FirstClient, TeamsActivities.Message(url, conversationId, value: new JsonObject { ["command"] = "guide" }));
        var guide = connector.Drain(conversationId);
        Assert.NotEmpty(guide);
        Assert.NotNull(guide[^1].Card);

        await TurnAsync(instances.SecondClient, TeamsActivities.MembersAdded(url, conversationId));
        Assert.Empty(connector.Drain(conversationId));

        await TurnAsync(instances.FirstClient, TeamsActivities.Message(url, conversationId, "stop"));
        Assert.Equal(Text("conversation.cancelled"), Single(connector.Drain(conversationId)).Activity.Text);

        // The same person taps twice and the two taps land on different instances at once.
        await Task.WhenAll(
            TurnAsync(instances.FirstClient, TeamsActivities.Message(url, conversationId, "hallo")),
            TurnAsync(instances.SecondClient, TeamsActivities.Message(url, conversationId, "hallo")));
        var race = connector.Drain(conversationId);
        Assert.InRange(race.Count, 2, 3);
        Assert.Contains(race, sent => sent.VisibleText.Contains(Text("conversation.menu.title"), StringComparison.Ordinal));
        Assert.All(race, sent => Assert.True(sent.Card is not null || sent.Activity.Text == Text("conversation.busy"), "an answer other than the menu or 'busy'"));
        return Walk.Complete;
    }

    private static async Task TurnAsync(HttpClient client, JsonObject activity)
    {
        using var response = await TeamsActivities.PostAsync(client, activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static SentActivity Single(IReadOnlyList<SentActivity> sent) => Assert.Single(sent);

    private static string Text(string key) => Texts.Get("nl-NL", key);
}
