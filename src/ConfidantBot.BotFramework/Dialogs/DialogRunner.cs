using ConfidantBot.BotFramework.Hosting;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.BotFramework.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConfidantBot.BotFramework.Dialogs;

public sealed class DialogRunnerOptions
{
    /// <summary>The conversation-state property that holds the dialog stack.</summary>
    public string StatePropertyName { get; set; } = "dialogState";

    /// <summary>Global intents (help, cancel, start over, …) handled before the active dialog; null = none.</summary>
    public Interruptions? Interruptions { get; set; }
}

/// <summary>
/// Runs one turn of the dialog system (the role of Bot Builder's <c>DialogManager</c>): loads
/// conversation state, handles global interruptions, continues the active dialog or begins the root
/// dialog, and saves state. The app's <see cref="IBot"/> calls <see cref="RunAsync"/>.
/// </summary>
public sealed class DialogRunner
{
    private readonly Dialog _rootDialog;
    private readonly ConversationState _conversationState;
    private readonly DialogRunnerOptions _options;
    private readonly ILogger _logger;

    public DialogRunner(Dialog rootDialog, ConversationState conversationState, DialogRunnerOptions? options = null, ILogger<DialogRunner>? logger = null)
    {
        _rootDialog = rootDialog ?? throw new ArgumentNullException(nameof(rootDialog));
        _conversationState = conversationState ?? throw new ArgumentNullException(nameof(conversationState));
        _options = options ?? new DialogRunnerOptions();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public Dialog RootDialog => _rootDialog;

    /// <summary>Runs the turn and saves state. A <c>StorageConflictException</c> means a concurrent turn saved first; nothing of this turn was saved.</summary>
    public async Task<DialogTurnResult> RunAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var dialogState = await _conversationState.GetAsync(turnContext, _options.StatePropertyName, () => new DialogState(), cancellationToken).ConfigureAwait(false)
            ?? new DialogState();
        var dialogs = new DialogSet().Add(_rootDialog);
        var dc = dialogs.CreateContext(turnContext, dialogState);
        DropUnknownDialogs(dc);

        var result = await RunDialogsAsync(dc, cancellationToken).ConfigureAwait(false);

        if (SubmittedData.IsAdaptiveCardAction(turnContext.Activity))
        {
            turnContext.InvokeResponse ??= AdaptiveCardInvokeResponses.Message(string.Empty);
        }

        await _conversationState.SetAsync(turnContext, _options.StatePropertyName, dialogState, cancellationToken).ConfigureAwait(false);
        await _conversationState.SaveChangesAsync(turnContext, cancellationToken).ConfigureAwait(false);
        return result;
    }

    private async Task<DialogTurnResult> RunDialogsAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        Task<DialogTurnResult> RestartRoot(CancellationToken ct) => RestartRootAsync(dc, ct);

        if (_options.Interruptions is { } interruptions
            && await interruptions.TryHandleAsync(dc, RestartRoot, cancellationToken).ConfigureAwait(false) is { } handled)
        {
            return handled;
        }

        var result = await dc.ContinueDialogAsync(cancellationToken).ConfigureAwait(false);
        if (result.Status == DialogTurnStatus.Empty && StartsConversation(dc.Context.Activity))
        {
            result = await dc.BeginDialogAsync(_rootDialog.Id, null, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    private async Task<DialogTurnResult> RestartRootAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        await dc.CancelAllDialogsAsync(cancellationToken).ConfigureAwait(false);
        return await dc.BeginDialogAsync(_rootDialog.Id, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Only something the person said or clicked begins the root dialog; typing or reactions do not.</summary>
    private static bool StartsConversation(Activity activity)
        => activity.Type == ActivityTypes.Message || SubmittedData.IsAdaptiveCardAction(activity);

    private void DropUnknownDialogs(DialogContext dc)
    {
        // A stack from an older release may name a dialog that no longer exists. Starting fresh
        // is better than failing every turn until the state expires.
        if (dc.State.DialogStack.Exists(d => dc.FindDialog(d.Id) is null))
        {
            _logger.LogWarning("The stored dialog stack names a dialog that no longer exists; starting the conversation over.");
            dc.State.DialogStack.Clear();
        }
    }
}
