using ConfidantBot.BotFramework.Hosting;
using ConfidantBot.BotFramework.Schema;

namespace ConfidantBot.BotFramework.Dialogs;

/// <summary>The built-in global intents. Apps may add their own names.</summary>
public static class GlobalIntents
{
    public const string Help = "help";
    public const string Cancel = "cancel";
    public const string StartOver = "startOver";
}

/// <summary>Finds a global intent (help, cancel, …) in an activity, or null.</summary>
public interface IIntentRecognizer
{
    ValueTask<string?> RecognizeAsync(ITurnContext turnContext, CancellationToken cancellationToken);
}

/// <summary>
/// Recognises global intents by exact command: the whole typed text equals one of the intent's
/// phrases (case and accents ignored), or a card button submitted <c>{"command":"&lt;intent&gt;"}</c>.
/// Never by a word inside a sentence. The phrases come from the app (the library holds no language).
/// </summary>
public sealed class CommandRecognizer : IIntentRecognizer
{
    /// <summary>The field of a button's submitted data that names a global intent.</summary>
    public const string SubmitField = "command";

    private readonly Dictionary<string, string> _intentByPhrase = new(StringComparer.Ordinal);
    private readonly HashSet<string> _intents = new(StringComparer.Ordinal);

    public CommandRecognizer Add(string intent, params string[] phrases)
    {
        ArgumentException.ThrowIfNullOrEmpty(intent);
        ArgumentNullException.ThrowIfNull(phrases);
        _intents.Add(intent);
        foreach (var phrase in phrases)
        {
            var normalized = TextMatching.Normalize(phrase);
            if (normalized.Length == 0)
            {
                throw new ArgumentException($"Intent '{intent}' has an empty phrase.", nameof(phrases));
            }

            if (_intentByPhrase.TryGetValue(normalized, out var other) && other != intent)
            {
                throw new ArgumentException($"The phrase '{phrase}' is used by both '{other}' and '{intent}'.", nameof(phrases));
            }

            _intentByPhrase[normalized] = intent;
        }

        return this;
    }

    public ValueTask<string?> RecognizeAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        return ValueTask.FromResult(Recognize(turnContext.Activity));
    }

    public string? Recognize(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (SubmittedData.GetString(activity, SubmitField) is { } command)
        {
            return _intents.Contains(command) ? command : null;
        }

        if (activity.Type != ActivityTypes.Message)
        {
            return null;
        }

        return _intentByPhrase.GetValueOrDefault(TextMatching.Normalize(activity.Text));
    }
}

/// <summary>What an interruption handler can do: act on the whole dialog stack, or restart the root dialog.</summary>
public sealed class InterruptionContext
{
    private readonly Func<CancellationToken, Task<DialogTurnResult>> _restartRoot;

    internal InterruptionContext(string intent, DialogContext dialogContext, Func<CancellationToken, Task<DialogTurnResult>> restartRoot)
    {
        Intent = intent;
        DialogContext = dialogContext;
        _restartRoot = restartRoot;
    }

    public string Intent { get; }

    /// <summary>The outermost dialog context (the whole stack).</summary>
    public DialogContext DialogContext { get; }

    public ITurnContext Context => DialogContext.Context;

    /// <summary>Cancels every dialog and begins the root dialog again.</summary>
    public Task<DialogTurnResult> RestartRootDialogAsync(CancellationToken cancellationToken = default) => _restartRoot(cancellationToken);
}

/// <summary>Handles a recognised global intent. Return null to let the active dialog handle the activity after all.</summary>
public delegate Task<DialogTurnResult?> InterruptionHandler(InterruptionContext interruption, CancellationToken cancellationToken);

/// <summary>
/// Global intents handled once for every dialog, before the active dialog sees the activity:
/// help (message, then the active prompt asks again), cancel (end all dialogs, message),
/// start over (end all, begin the root dialog again) and app-defined ones.
/// </summary>
public sealed class Interruptions
{
    private readonly Dictionary<string, InterruptionHandler> _handlers = new(StringComparer.Ordinal);

    public Interruptions(IIntentRecognizer recognizer)
    {
        Recognizer = recognizer ?? throw new ArgumentNullException(nameof(recognizer));
    }

    public IIntentRecognizer Recognizer { get; }

    public Interruptions On(string intent, InterruptionHandler handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(intent);
        _handlers[intent] = handler ?? throw new ArgumentNullException(nameof(handler));
        return this;
    }

    /// <summary>Help: sends <paramref name="message"/>, then the active dialog repeats its question.</summary>
    public Interruptions OnHelp(Activity message, string intent = GlobalIntents.Help)
    {
        ArgumentNullException.ThrowIfNull(message);
        return On(intent, async (interruption, ct) =>
        {
            await interruption.Context.SendActivityAsync(CopyOf(message), ct).ConfigureAwait(false);
            await interruption.DialogContext.RepromptDialogAsync(ct).ConfigureAwait(false);
            return new DialogTurnResult(interruption.DialogContext.ActiveDialog is null ? DialogTurnStatus.Empty : DialogTurnStatus.Waiting);
        });
    }

    /// <summary>Cancel: ends every dialog and sends <paramref name="message"/>.</summary>
    public Interruptions OnCancel(Activity message, string intent = GlobalIntents.Cancel)
    {
        ArgumentNullException.ThrowIfNull(message);
        return On(intent, async (interruption, ct) =>
        {
            await interruption.DialogContext.CancelAllDialogsAsync(ct).ConfigureAwait(false);
            await interruption.Context.SendActivityAsync(CopyOf(message), ct).ConfigureAwait(false);
            return new DialogTurnResult(DialogTurnStatus.Cancelled);
        });
    }

    /// <summary>Start over: ends every dialog, optionally sends <paramref name="message"/>, and begins the root dialog again.</summary>
    public Interruptions OnStartOver(Activity? message = null, string intent = GlobalIntents.StartOver)
        => On(intent, async (interruption, ct) =>
        {
            if (message is not null)
            {
                await interruption.Context.SendActivityAsync(CopyOf(message), ct).ConfigureAwait(false);
            }

            return await interruption.RestartRootDialogAsync(ct).ConfigureAwait(false);
        });

    internal async Task<DialogTurnResult?> TryHandleAsync(DialogContext dc, Func<CancellationToken, Task<DialogTurnResult>> restartRoot, CancellationToken cancellationToken)
    {
        var intent = await Recognizer.RecognizeAsync(dc.Context, cancellationToken).ConfigureAwait(false);
        if (intent is null || !_handlers.TryGetValue(intent, out var handler))
        {
            return null;
        }

        return await handler(new InterruptionContext(intent, dc, restartRoot), cancellationToken).ConfigureAwait(false);
    }

    // Sending fills in addressing; the configured message must stay reusable across turns.
    private static Activity CopyOf(Activity message)
        => System.Text.Json.JsonSerializer.Deserialize<Activity>(BotJson.SerializeToUtf8Bytes(message), BotJson.Options)!;
}
