using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConfidantBot.BotFramework.Schema;

/// <summary>Body of <c>POST {serviceUrl}/v3/conversations</c>: starts (or finds) a conversation.</summary>
public sealed class ConversationParameters
{
    public bool? IsGroup { get; set; }
    public ChannelAccount? Bot { get; set; }
    public List<ChannelAccount>? Members { get; set; }
    public string? TopicName { get; set; }
    public string? TenantId { get; set; }
    public JsonElement? ChannelData { get; set; }
    public Activity? Activity { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>A 1:1 (personal) Teams chat between the bot and one user in a tenant.</summary>
    public static ConversationParameters Personal(ChannelAccount bot, ChannelAccount user, string tenantId)
    {
        ArgumentNullException.ThrowIfNull(bot);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        return new ConversationParameters
        {
            IsGroup = false,
            Bot = bot,
            Members = [user],
            ChannelData = JsonSerializer.SerializeToElement(new { tenant = new { id = tenantId } }, BotJson.Options),
            TenantId = tenantId,
        };
    }
}
