using System.Text.Json.Nodes;

namespace ConfidantBot.Tests.Hosting;

/// <summary>The real Teams bodies of tests/TestData/protocol, adjusted per test (service URL, conversation, text).</summary>
public static class ProtocolBody
{
    public const string Message = "inbound-message-personal.json";
    public const string ConversationUpdate = "inbound-conversationUpdate-membersAdded-personal.json";
    public const string InstallationUpdate = "inbound-installationUpdate-add-personal.json";
    public const string Invoke = "inbound-invoke-adaptiveCard-action-personal.json";
    public const string MessageReaction = "inbound-messageReaction-personal.json";

    public static JsonObject Load(string fileName, string serviceUrl, string? conversationId = null)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "protocol", fileName);
        var body = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        body["serviceUrl"] = serviceUrl;
        body["conversation"]!["id"] = conversationId ?? NewConversationId();
        return body;
    }

    /// <summary>A personal-chat message with this text and no locale (Dutch, the default).</summary>
    public static JsonObject TypedMessage(string serviceUrl, string conversationId, string text, string? locale = null)
    {
        var body = Load(Message, serviceUrl, conversationId);
        body["text"] = text;
        body["id"] = "msg-" + Guid.NewGuid().ToString("N");
        body.Remove("attachments");
        body.Remove("entities");
        if (locale is null)
        {
            body.Remove("locale");
        }
        else
        {
            body["locale"] = locale;
        }

        return body;
    }

    public static string NewConversationId() => "a:test-" + Guid.NewGuid().ToString("N");

    public static string ConversationId(this JsonObject body) => body["conversation"]!["id"]!.GetValue<string>();
}
