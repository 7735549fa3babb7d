using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConfidantBot.BotFramework.Schema;
using Microsoft.Extensions.Options;

namespace ConfidantBot.LocalChannel;

/// <summary>
/// Builds the activities the local channel sends to <c>/api/messages</c>, shaped like Teams sends
/// them in a personal chat: the channel, not the page, decides who is speaking, the tenant, the
/// conversation and the service URL. From the page only the text, the card submit value, the
/// locale and the time zone are taken.
/// </summary>
public sealed partial class LocalActivityFactory(IOptions<LocalChannelOptions> options, TimeProvider timeProvider)
{
    /// <summary>The channel id of the local channel. Not <c>msteams</c>, so nothing mistakes it for Teams.</summary>
    public const string ChannelId = "local";

    private const int MaxClientActivityIdLength = 128;

    /// <summary>What Teams sends when the app is added to a person's chat: both the bot and the person join.</summary>
    public Activity ConversationStarted(LocalConversation conversation)
    {
        var activity = Envelope(conversation, ActivityTypes.ConversationUpdate, conversation.Locale);
        activity.MembersAdded = [LocalIdentities.Bot(), new ChannelAccount { Id = conversation.Identity.UserId, AadObjectId = conversation.Identity.AadObjectId }];
        return activity;
    }

    /// <summary>
    /// Turns what the page posted into a channel activity, or explains why it cannot.
    /// </summary>
    public (Activity? Activity, string? Problem) FromPage(LocalConversation conversation, Activity posted)
    {
        if (!string.Equals(posted.Type, ActivityTypes.Message, StringComparison.Ordinal))
        {
            return (null, "Only 'message' activities can be posted from the page.");
        }

        var hasValue = posted.Value is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined };
        if (string.IsNullOrEmpty(posted.Text) && !hasValue)
        {
            return (null, "A message needs 'text' or a card submit 'value'.");
        }

        var locale = IsLocale(posted.Locale) ? posted.Locale! : conversation.Locale;
        var activity = Envelope(conversation, ActivityTypes.Message, locale);
        activity.Text = string.IsNullOrEmpty(posted.Text) ? null : posted.Text;
        activity.TextFormat = "plain";
        activity.Value = hasValue ? posted.Value : null;
        activity.LocalTimestamp = posted.LocalTimestamp;
        var timezone = IsTimeZoneName(posted.LocalTimezone) ? posted.LocalTimezone : null;
        activity.LocalTimezone = timezone;
        activity.Entities = [ClientInfo(locale, timezone)];
        if (hasValue)
        {
            // Teams marks an Adaptive Card submit as coming from a message.
            activity.ChannelData = ChannelData(new JsonObject { ["name"] = "message" });
        }

        return (activity, null);
    }

    /// <summary>The Web Chat echo id the page sent, if it is a sensible one.</summary>
    public static string? ClientActivityId(Activity posted)
    {
        if (posted.ChannelData is { ValueKind: JsonValueKind.Object } data
            && data.TryGetProperty("clientActivityID", out var id)
            && id.ValueKind == JsonValueKind.String
            && id.GetString() is { Length: > 0 and <= MaxClientActivityIdLength } value)
        {
            return value;
        }

        return null;
    }

    /// <summary>True for a BCP 47 tag such as <c>nl-NL</c> or <c>en-US</c>.</summary>
    public static bool IsLocale(string? value) => value is { Length: <= 35 } && LocalePattern().IsMatch(value);

    private static bool IsTimeZoneName(string? value) => value is { Length: <= 64 } && TimeZonePattern().IsMatch(value);

    private Activity Envelope(LocalConversation conversation, string type, string locale) => new()
    {
        Type = type,
        Id = conversation.NextActivityId(),
        Timestamp = timeProvider.GetUtcNow(),
        ChannelId = ChannelId,
        ServiceUrl = conversation.ServiceUrl,
        From = conversation.Identity.ToAccount(),
        Recipient = LocalIdentities.Bot(),
        Conversation = new ConversationAccount
        {
            Id = conversation.Id,
            ConversationType = "personal",
            TenantId = options.Value.TenantId,
        },
        ChannelData = ChannelData(source: null),
        Locale = locale,
    };

    private JsonElement ChannelData(JsonObject? source)
    {
        var data = new JsonObject { ["tenant"] = new JsonObject { ["id"] = options.Value.TenantId } };
        if (source is not null)
        {
            data["source"] = source;
        }

        return JsonSerializer.SerializeToElement(data, BotJson.Options);
    }

    private static Entity ClientInfo(string locale, string? timezone)
    {
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
        {
            ["locale"] = JsonSerializer.SerializeToElement(locale, BotJson.Options),
            ["platform"] = JsonSerializer.SerializeToElement("Web", BotJson.Options),
        };
        if (timezone is not null)
        {
            fields["timezone"] = JsonSerializer.SerializeToElement(timezone, BotJson.Options);
        }

        return new Entity { Type = "clientInfo", ExtensionData = fields };
    }

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$", RegexOptions.CultureInvariant)]
    private static partial Regex LocalePattern();

    [GeneratedRegex("^[A-Za-z0-9_+\\-/]+$", RegexOptions.CultureInvariant)]
    private static partial Regex TimeZonePattern();
}
