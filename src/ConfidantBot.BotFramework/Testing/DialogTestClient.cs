using System.Text.Json;
using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.BotFramework.State;
using ConfidantBot.BotFramework.Storage;

namespace ConfidantBot.BotFramework.Testing;

public sealed class DialogTestClientOptions
{
    /// <summary>The store for conversation state; a new <see cref="MemoryStorage"/> when null. Share one to simulate a restart.</summary>
    public IStorage? Storage { get; init; }

    public TimeProvider? TimeProvider { get; init; }

    public ConversationStateOptions? StateOptions { get; init; }

    public Interruptions? Interruptions { get; init; }

    /// <summary>The conversation; the same for every turn (and for every client built with the same reference).</summary>
    public ConversationReference? Conversation { get; init; }
}

/// <summary>
/// Drives a root dialog turn by turn through the real <see cref="DialogRunner"/>, conversation
/// state and storage, and returns what the bot sent each turn.
/// </summary>
public sealed class DialogTestClient
{
    private readonly DialogRunner _runner;

    public DialogTestClient(Dialog rootDialog, DialogTestClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rootDialog);
        options ??= new DialogTestClientOptions();
        var timeProvider = options.TimeProvider ?? TimeProvider.System;
        Storage = options.Storage ?? new MemoryStorage(timeProvider);
        ConversationState = new ConversationState(Storage, timeProvider, options.StateOptions);
        Adapter = new TestAdapter(options.Conversation);
        _runner = new DialogRunner(rootDialog, ConversationState, new DialogRunnerOptions { Interruptions = options.Interruptions });
    }

    public TestAdapter Adapter { get; }

    public IStorage Storage { get; }

    public ConversationState ConversationState { get; }

    /// <summary>The locale the "user" sends with (default nl-NL).</summary>
    public string? Locale
    {
        get => Adapter.Conversation.Locale;
        set => Adapter.Conversation.Locale = value;
    }

    /// <summary>The dialog result of the last turn (e.g. <see cref="DialogTurnStatus.Complete"/> and the root's result).</summary>
    public DialogTurnResult? LastResult { get; private set; }

    /// <summary>The invoke response of the last turn, for <c>adaptiveCard/action</c> invokes.</summary>
    public InvokeResponse? LastInvokeResponse => Adapter.LastInvokeResponse;

    /// <summary>The user types <paramref name="text"/>.</summary>
    public Task<IReadOnlyList<Activity>> SendActivityAsync(string text, CancellationToken cancellationToken = default)
        => SendActivityAsync(Adapter.MakeActivity(text), cancellationToken);

    /// <summary>The user presses an <c>Action.Submit</c> button whose data (merged with inputs) is <paramref name="value"/>.</summary>
    public Task<IReadOnlyList<Activity>> SendValueAsync(object value, CancellationToken cancellationToken = default)
    {
        var activity = Adapter.MakeActivity();
        activity.Value = ToElement(value);
        return SendActivityAsync(activity, cancellationToken);
    }

    /// <summary>The user presses an <c>Action.Execute</c> button: an <c>adaptiveCard/action</c> invoke carrying <paramref name="data"/>.</summary>
    public Task<IReadOnlyList<Activity>> SendInvokeAsync(object data, string verb = "submit", CancellationToken cancellationToken = default)
    {
        var activity = Adapter.MakeActivity(type: ActivityTypes.Invoke);
        activity.Name = SubmittedData.AdaptiveCardActionInvokeName;
        activity.Value = BotJson.ToElement(new { action = new { type = "Action.Execute", verb, data = ToElement(data) }, trigger = "manual" });
        return SendActivityAsync(activity, cancellationToken);
    }

    public async Task<IReadOnlyList<Activity>> SendActivityAsync(Activity activity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return await Adapter.ProcessActivityAsync(activity, async (turn, ct) => LastResult = await _runner.RunAsync(turn, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    private static JsonElement ToElement(object value) => value switch
    {
        JsonElement element => element,
        string json => JsonDocument.Parse(json).RootElement.Clone(),
        _ => JsonSerializer.SerializeToElement(value, value.GetType(), BotJson.Options),
    };
}
