using ConfidantBot.BotFramework.Schema;

namespace ConfidantBot.BotFramework.Connector;

/// <summary>The Bot Connector REST API (v3) the bot uses to talk back to a channel.</summary>
public interface IConnectorClient
{
    /// <summary><c>POST {serviceUrl}/v3/conversations/{conversationId}/activities/{activityId}</c>.</summary>
    Task<ResourceResponse> ReplyToActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default);

    /// <summary><c>POST {serviceUrl}/v3/conversations/{conversationId}/activities</c> (proactive).</summary>
    Task<ResourceResponse> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken = default);

    /// <summary><c>PUT {serviceUrl}/v3/conversations/{conversationId}/activities/{activityId}</c>.</summary>
    Task<ResourceResponse> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>POST {serviceUrl}/v3/conversations</c>: opens (or finds, it is idempotent per user) a 1:1
    /// conversation for a proactive message. Use <see cref="ConversationParameters.Personal"/>.
    /// </summary>
    Task<ConversationResourceResponse> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken = default);
}
