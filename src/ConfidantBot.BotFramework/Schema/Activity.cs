using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConfidantBot.BotFramework.Schema;

/// <summary>
/// A Bot Framework activity (Activity schema, protocol v3). Only the fields this library reads are
/// typed; every other property is kept in <see cref="ExtensionData"/> so that a read/write round
/// trip loses nothing.
/// </summary>
public sealed class Activity
{
    public string? Type { get; set; }
    public string? Id { get; set; }
    public DateTimeOffset? Timestamp { get; set; }
    public DateTimeOffset? LocalTimestamp { get; set; }
    public string? LocalTimezone { get; set; }
    public string? ServiceUrl { get; set; }
    public string? ChannelId { get; set; }
    public ChannelAccount? From { get; set; }
    public ConversationAccount? Conversation { get; set; }
    public ChannelAccount? Recipient { get; set; }
    public string? TextFormat { get; set; }
    public string? AttachmentLayout { get; set; }
    public List<ChannelAccount>? MembersAdded { get; set; }
    public List<ChannelAccount>? MembersRemoved { get; set; }
    public string? Locale { get; set; }
    public string? Text { get; set; }
    public string? Summary { get; set; }
    public string? InputHint { get; set; }
    public List<Attachment>? Attachments { get; set; }
    public List<Entity>? Entities { get; set; }
    public JsonElement? ChannelData { get; set; }
    public string? Action { get; set; }
    public string? ReplyToId { get; set; }
    public string? Name { get; set; }
    public JsonElement? Value { get; set; }
    public string? ValueType { get; set; }
    public ConversationReference? RelatesTo { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>The Teams tenant id: <c>channelData.tenant.id</c>, else <c>conversation.tenantId</c>.</summary>
    [JsonIgnore]
    public string? TenantId
    {
        get
        {
            if (ChannelData is { ValueKind: JsonValueKind.Object } data
                && data.TryGetProperty("tenant", out var tenant)
                && tenant.ValueKind == JsonValueKind.Object
                && tenant.TryGetProperty("id", out var id)
                && id.ValueKind == JsonValueKind.String)
            {
                return id.GetString();
            }

            return Conversation?.TenantId;
        }
    }

    /// <summary>A message activity the bot sends: text, attachments or both.</summary>
    public static Activity CreateMessage(string? text = null, params Attachment[] attachments) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        Attachments = attachments.Length > 0 ? [.. attachments] : null,
    };

    /// <summary>The reference needed to reach this conversation again (reply or proactive message).</summary>
    public ConversationReference GetConversationReference() => new()
    {
        ActivityId = Id,
        User = From,
        Bot = Recipient,
        Conversation = Conversation,
        ChannelId = ChannelId,
        Locale = Locale,
        ServiceUrl = ServiceUrl,
    };

    /// <summary>Fills the addressing fields of an outgoing activity from the incoming one.</summary>
    public Activity ApplyReplyAddressing(Activity reply)
    {
        reply.Type ??= ActivityTypes.Message;
        reply.ChannelId = ChannelId;
        reply.ServiceUrl = ServiceUrl;
        reply.Conversation = Conversation;
        reply.From = Recipient;
        reply.Recipient = From;
        reply.ReplyToId ??= Id;
        reply.Locale ??= Locale;
        return reply;
    }
}
