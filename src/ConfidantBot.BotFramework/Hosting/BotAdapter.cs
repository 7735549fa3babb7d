using ConfidantBot.BotFramework.Schema;

namespace ConfidantBot.BotFramework.Hosting;

/// <summary>
/// Delivers what a turn sends and runs turns: over HTTP and the connector in production
/// (<c>CloudAdapter</c>), in memory in tests (<c>TestAdapter</c>).
/// </summary>
public abstract class BotAdapter
{
    /// <summary>Sends one activity that belongs to the given turn.</summary>
    public abstract Task<ResourceResponse?> SendActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken);

    /// <summary>Replaces an activity the bot sent earlier (e.g. a card after its buttons were used).</summary>
    public abstract Task<ResourceResponse?> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="callback"/> in a new turn for an earlier conversation (a proactive message).
    /// The reference must have come from an authenticated activity (or from sealed storage of one).
    /// </summary>
    public abstract Task ContinueConversationAsync(ConversationReference reference, Func<ITurnContext, CancellationToken, Task> callback, CancellationToken cancellationToken);
}
