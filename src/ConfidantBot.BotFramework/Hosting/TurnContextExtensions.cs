using ConfidantBot.BotFramework.Schema;

namespace ConfidantBot.BotFramework.Hosting;

public static class TurnContextExtensions
{
    public static Task<ResourceResponse?> SendTextAsync(this ITurnContext turnContext, string text, CancellationToken cancellationToken = default)
        => turnContext.SendActivityAsync(Activity.CreateMessage(text), cancellationToken);

    public static Task<ResourceResponse?> SendAttachmentAsync(this ITurnContext turnContext, Attachment attachment, CancellationToken cancellationToken = default)
        => turnContext.SendActivityAsync(Activity.CreateMessage(null, attachment), cancellationToken);

    /// <summary>Gets a per-turn service or value that an earlier step put in <see cref="ITurnContext.TurnState"/>.</summary>
    public static T? Get<T>(this ITurnContext turnContext, string key) where T : class
        => turnContext.TurnState.TryGetValue(key, out var value) ? value as T : null;
}
