using ConfidantBot.Tests.Infrastructure;
using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Schema;
using Json.Schema;

namespace ConfidantBot.Tests.Routes;

/// <summary>Checks that a card is valid Adaptive Card 1.5 and renders in Teams, plus readers for its texts and buttons.</summary>
internal static class CardChecks
{
    /// <summary>Teams refuses bot messages above about 28 KB; keep every card well below.</summary>
    public const int TeamsMessageLimitBytes = 24 * 1024;

    private static readonly HashSet<string> KnownElementTypes =
    [
        "AdaptiveCard", "TextBlock", "Container", "ActionSet", "FactSet", "ColumnSet", "Column", "Image",
        "Action.Submit", "Action.OpenUrl", "Action.ShowCard", "Action.ToggleVisibility", "Input.ChoiceSet", "Input.Toggle",
    ];

    public static JsonNode Parse(Attachment attachment)
    {
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.ContentType);
        return JsonNode.Parse(attachment.Content!.Value.GetRawText())!;
    }

    public static EvaluationResults Evaluate(JsonNode? card) => AdaptiveCardSchema.Evaluate(card);

    public static void AssertValidAgainstSchema(JsonNode card) => AdaptiveCardSchema.AssertValid(card);

    /// <param name="card">The card.</param>
    /// <param name="literalText">Text a card may show verbatim even if it looks like a placeholder (e.g. a contact name HR typed).</param>
    public static void AssertRendersInTeams(JsonNode card, string? literalText = null)
    {
        Assert.Equal("AdaptiveCard", (string?)card["type"]);
        Assert.Equal("1.5", (string?)card["version"]);
        Assert.True(((JsonArray)card["body"]!).Count > 0);
        foreach (var node in Descendants(card))
        {
            if (node is JsonValue value && value.TryGetValue<string>(out var text))
            {
                Assert.DoesNotContain("${", literalText is null ? text : text.Replace(literalText, string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
            }

            if (node is not JsonObject element)
            {
                continue;
            }

            Assert.False(element.ContainsKey("$when") || element.ContainsKey("$list"), "a template instruction was left in the card");
            var type = (string?)element["type"];
            if (type is null)
            {
                continue;
            }

            Assert.Contains(type, KnownElementTypes);
            Assert.DoesNotContain((string?)element["style"], new[] { "positive", "destructive" });
            switch (type)
            {
                case "TextBlock":
                    Assert.False(string.IsNullOrWhiteSpace((string?)element["text"]), "empty TextBlock");
                    break;
                case "Action.Submit":
                    Assert.IsType<JsonObject>(element["data"], exactMatch: false);
                    Assert.False(string.IsNullOrWhiteSpace((string?)element["title"]), "button without a title");
                    break;
                case "ActionSet":
                    Assert.InRange(((JsonArray)element["actions"]!).Count, 1, 6);
                    break;
                case "FactSet":
                    Assert.All((JsonArray)element["facts"]!, fact =>
                        Assert.False(string.IsNullOrWhiteSpace((string?)fact!["title"]) || string.IsNullOrWhiteSpace((string?)fact["value"])));
                    break;
            }
        }

        Assert.InRange(((JsonArray?)card["actions"])?.Count ?? 0, 0, 6);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(card.ToJsonString()) < TeamsMessageLimitBytes, "too big for one Teams message");
    }

    public static List<string> Texts(Attachment attachment) => Texts(Parse(attachment));

    public static List<string> Texts(JsonNode card) =>
        [.. Descendants(card).OfType<JsonObject>().Where(element => (string?)element["type"] == "TextBlock").Select(element => (string)element["text"]!)];

    public static IEnumerable<JsonObject> Submits(JsonNode card) =>
        Descendants(card).OfType<JsonObject>().Where(element => (string?)element["type"] == "Action.Submit").Select(element => (JsonObject)element["data"]!);

    public static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject obj => obj.Select(property => property.Value),
            JsonArray array => array,
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
        {
            foreach (var descendant in Descendants(child))
            {
                yield return descendant;
            }
        }
    }
}
