using System.Text.Json;
using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Schema;

namespace ConfidantBot.LocalChannel;

/// <summary>
/// The JSON the page receives for an activity. Web Chat needs a few things Teams does not send:
/// <c>from.role</c>, and on the person's own message the <c>channelData.clientActivityID</c> it
/// posted, so it can tell its message was delivered.
/// </summary>
internal static class PageActivities
{
    public static string UserEcho(Activity sent, string? clientActivityId)
    {
        var node = ToNode(sent);
        SetRole(node, "user");
        if (clientActivityId is not null)
        {
            ChannelDataOf(node)["clientActivityID"] = clientActivityId;
        }

        return node.ToJsonString(BotJson.Options);
    }

    public static string FromBot(Activity reply)
    {
        var node = ToNode(reply);
        SetRole(node, "bot");
        return node.ToJsonString(BotJson.Options);
    }

    private static JsonObject ToNode(Activity activity)
        => JsonSerializer.SerializeToNode(activity, BotJson.Options)!.AsObject();

    private static void SetRole(JsonObject activity, string role)
    {
        if (activity["from"] is not JsonObject from)
        {
            from = [];
            activity["from"] = from;
        }

        from["role"] = role;
    }

    private static JsonObject ChannelDataOf(JsonObject activity)
    {
        if (activity["channelData"] is not JsonObject data)
        {
            data = [];
            activity["channelData"] = data;
        }

        return data;
    }
}
