using System.Net;
using System.Text.Json.Nodes;
using ConfidantBot.Tests.Hosting;
using ConfidantBot.Tests.Infrastructure;

namespace ConfidantBot.Tests.Routes;

/// <summary>Pressing card buttons in the real host (local mode) as Teams sends them, and reading the card the bot answers with.</summary>
internal static class HostCardChat
{
    /// <summary>Posts a card submit as Teams does (a message with <c>value</c>); returns the last card the bot answered with.</summary>
    public static async Task<JsonNode> SubmitAsync(this LocalHostFixture fixture, string conversationId, string locale, JsonObject value)
    {
        var body = ProtocolBody.TypedMessage(fixture.Connector.ServiceUrl, conversationId, "", locale);
        body.Remove("text");
        body["value"] = value;
        using var response = await fixture.Host.PostActivityAsync(body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var replies = new List<SentActivity> { await fixture.Connector.NextAsync(conversationId) };
        replies.AddRange(fixture.Connector.Drain(conversationId));
        var card = replies.LastOrDefault(reply => reply.Card is not null)?.Card;
        Assert.True(card is not null, "the bot answered without a card: " + string.Join(" | ", replies.Select(reply => reply.VisibleText)));
        return JsonNode.Parse(card!.Value.GetRawText())!;
    }

    /// <summary>The guide question a card asks (the <c>q</c> of its answer buttons), or null when it asks none.</summary>
    public static string? QuestionOf(JsonNode card) =>
        CardChecks.Submits(card).Where(data => (string?)data["guide"] == "answer").Select(data => (string?)data["q"]).Distinct().SingleOrDefault();
}
