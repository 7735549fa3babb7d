using ConfidantBot.Booking;
using ConfidantBot.BotFramework.Schema;

namespace ConfidantBot.Privacy.Sealing;

/// <summary>
/// Everything a routing record may hold, and nothing else: how to reach the person again
/// (a stripped conversation reference), the pseudonym they chose, how they want to meet and,
/// only when the confidant calls the person, a phone number. Always stored sealed.
/// </summary>
public sealed record RoutingRecord
{
    public const int MaxPseudonymLength = 60;
    public const int MaxPhoneNumberLength = 32;

    public required RoutingAddress Address { get; init; }

    public required string Pseudonym { get; init; }

    public required MeetingMode ContactMode { get; init; }

    public string? PhoneNumber { get; init; }

    /// <summary>Builds a record from the turn's conversation reference, keeping only what a proactive message needs.</summary>
    public static RoutingRecord Create(ConversationReference reference, string pseudonym, MeetingMode contactMode, string? phoneNumber = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (string.IsNullOrWhiteSpace(pseudonym) || pseudonym.Length > MaxPseudonymLength)
        {
            throw new ArgumentException($"A pseudonym is 1-{MaxPseudonymLength} characters.", nameof(pseudonym));
        }

        if (phoneNumber is { Length: > MaxPhoneNumberLength })
        {
            throw new ArgumentException($"A phone number is at most {MaxPhoneNumberLength} characters.", nameof(phoneNumber));
        }

        return new RoutingRecord
        {
            Address = RoutingAddress.From(reference),
            Pseudonym = pseudonym.Trim(),
            ContactMode = contactMode,
            PhoneNumber = string.IsNullOrWhiteSpace(phoneNumber) ? null : phoneNumber.Trim(),
        };
    }

    // A record printed by accident (a log line, an assertion message) shows no personal data.
    public override string ToString() => $"RoutingRecord {{ ContactMode = {ContactMode} }}";
}

/// <summary>
/// The ids a proactive message needs (user, bot, conversation, tenant, service URL, channel,
/// locale). No names, no Entra object id, no activity id.
/// </summary>
public sealed record RoutingAddress
{
    public required string UserId { get; init; }

    public required string BotId { get; init; }

    public required string ConversationId { get; init; }

    public string? TenantId { get; init; }

    public required string ServiceUrl { get; init; }

    public required string ChannelId { get; init; }

    public string? Locale { get; init; }

    public static RoutingAddress From(ConversationReference reference) => new()
    {
        UserId = Required(reference.User?.Id, "user.id"),
        BotId = Required(reference.Bot?.Id, "bot.id"),
        ConversationId = Required(reference.Conversation?.Id, "conversation.id"),
        TenantId = reference.Conversation?.TenantId,
        ServiceUrl = Required(reference.ServiceUrl, "serviceUrl"),
        ChannelId = Required(reference.ChannelId, "channelId"),
        Locale = reference.Locale,
    };

    /// <summary>A fresh conversation reference for a proactive message.</summary>
    public ConversationReference ToConversationReference() => new()
    {
        User = new ChannelAccount { Id = UserId },
        Bot = new ChannelAccount { Id = BotId },
        Conversation = new ConversationAccount { Id = ConversationId, TenantId = TenantId },
        ServiceUrl = ServiceUrl,
        ChannelId = ChannelId,
        Locale = Locale,
    };

    public override string ToString() => $"RoutingAddress {{ ChannelId = {ChannelId} }}";

    private static string Required(string? value, string field) =>
        string.IsNullOrEmpty(value)
            ? throw new ArgumentException($"The conversation reference has no {field}; a proactive message would not arrive.", "reference")
            : value;
}
