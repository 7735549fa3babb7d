using ConfidantBot.BotFramework.Schema;

namespace ConfidantBot.BotFramework.Authentication;

/// <summary>Decides whether an inbound <c>POST /api/messages</c> may reach the bot.</summary>
public interface IRequestAuthenticator
{
    /// <param name="authorizationHeader">The raw <c>Authorization</c> header value, or null when absent.</param>
    /// <param name="activity">The activity from the request body; its serviceUrl, channelId and tenant are checked against the token.</param>
    Task<AuthenticationOutcome> AuthenticateAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken);
}
