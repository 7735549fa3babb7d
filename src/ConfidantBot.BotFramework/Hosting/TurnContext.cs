using ConfidantBot.BotFramework.Schema;

namespace ConfidantBot.BotFramework.Hosting;

/// <inheritdoc />
public sealed class TurnContext(BotAdapter adapter, Activity activity) : ITurnContext
{
    public Activity Activity { get; } = activity ?? throw new ArgumentNullException(nameof(activity));

    public BotAdapter Adapter { get; } = adapter ?? throw new ArgumentNullException(nameof(adapter));

    public bool Responded { get; private set; }

    public IDictionary<string, object> TurnState { get; } = new Dictionary<string, object>(StringComparer.Ordinal);

    public InvokeResponse? InvokeResponse { get; set; }

    public async Task<ResourceResponse?> SendActivityAsync(Activity activity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        Activity.ApplyReplyAddressing(activity);
        var response = await Adapter.SendActivityAsync(this, activity, cancellationToken).ConfigureAwait(false);
        Responded = true;
        return response;
    }

    public Task<ResourceResponse?> UpdateActivityAsync(Activity activity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        Activity.ApplyReplyAddressing(activity);
        activity.ReplyToId = null;
        return Adapter.UpdateActivityAsync(this, activity, cancellationToken);
    }
}
