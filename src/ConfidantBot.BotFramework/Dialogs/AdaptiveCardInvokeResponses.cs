using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Schema;

namespace ConfidantBot.BotFramework.Dialogs;

/// <summary>HTTP 200 bodies for an <c>adaptiveCard/action</c> invoke (Universal Action Model response format).</summary>
public static class AdaptiveCardInvokeResponses
{
    /// <summary>The client shows <paramref name="message"/> (may be empty).</summary>
    public static InvokeResponse Message(string message) => new()
    {
        Status = 200,
        Body = new JsonObject
        {
            ["statusCode"] = 200,
            ["type"] = "application/vnd.microsoft.activity.message",
            ["value"] = message,
        },
    };

    /// <summary>The client replaces the card the action came from with <paramref name="card"/>.</summary>
    public static InvokeResponse Card(Attachment card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return new InvokeResponse
        {
            Status = 200,
            Body = new JsonObject
            {
                ["statusCode"] = 200,
                ["type"] = Attachment.AdaptiveCardContentType,
                ["value"] = card.Content is { } content ? JsonNode.Parse(content.GetRawText()) : null,
            },
        };
    }
}
