using ConfidantBot.BotFramework.Schema;

namespace ConfidantBot.BotFramework.Hosting;

/// <summary>One turn: the inbound activity, a way to answer it, and per-turn state.</summary>
public interface ITurnContext
{
    /// <summary>The activity that started this turn.</summary>
    Activity Activity { get; }

    /// <summary>The adapter that delivers what this turn sends.</summary>
    BotAdapter Adapter { get; }

    /// <summary>True once anything was sent in this turn.</summary>
    bool Responded { get; }

    /// <summary>Objects shared between the parts of one turn (state caches, services). Not persisted.</summary>
    IDictionary<string, object> TurnState { get; }

    /// <summary>The response for an <c>invoke</c> activity; the host writes it into the HTTP response.</summary>
    InvokeResponse? InvokeResponse { get; set; }

    Task<ResourceResponse?> SendActivityAsync(Activity activity, CancellationToken cancellationToken = default);

    Task<ResourceResponse?> UpdateActivityAsync(Activity activity, CancellationToken cancellationToken = default);
}
