using System.Text.Json;
using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Schema;

namespace ConfidantBot.BotFramework.Dialogs.Prompts;

/// <summary>Builds the Adaptive Card 1.5 a prompt sends: the question and one submit button per answer.</summary>
public static class PromptCards
{
    public const string SchemaUrl = "http://adaptivecards.io/schemas/adaptive-card.json";

    /// <summary>A card with <paramref name="text"/> and buttons whose <c>Action.Submit</c> data is the given object.</summary>
    public static Attachment ButtonCard(string? text, IEnumerable<(string Title, JsonObject Data)> buttons)
    {
        ArgumentNullException.ThrowIfNull(buttons);
        var body = new JsonArray();
        if (!string.IsNullOrWhiteSpace(text))
        {
            body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true });
        }

        var actions = new JsonArray();
        foreach (var (title, data) in buttons)
        {
            actions.Add(new JsonObject { ["type"] = "Action.Submit", ["title"] = title, ["data"] = data });
        }

        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = SchemaUrl,
            ["version"] = "1.5",
            ["body"] = body,
            ["actions"] = actions,
        };
        return Attachment.AdaptiveCard(JsonSerializer.SerializeToElement(card));
    }

    /// <summary>Puts the activity's text into a button card, so question and answers arrive as one message.</summary>
    internal static Activity WithButtons(Activity prompt, IEnumerable<(string Title, JsonObject Data)> buttons)
    {
        var card = ButtonCard(prompt.Text, buttons);
        prompt.Summary ??= prompt.Text;
        prompt.Text = null;
        prompt.Attachments = [card];
        return prompt;
    }
}
