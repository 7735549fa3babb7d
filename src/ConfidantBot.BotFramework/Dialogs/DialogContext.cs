using ConfidantBot.BotFramework.Hosting;

namespace ConfidantBot.BotFramework.Dialogs;

/// <summary>A dialog stack in one turn, and the operations on it.</summary>
public class DialogContext
{
    public DialogContext(DialogSet dialogs, ITurnContext turnContext, DialogState state, DialogContext? parent = null)
    {
        Dialogs = dialogs ?? throw new ArgumentNullException(nameof(dialogs));
        Context = turnContext ?? throw new ArgumentNullException(nameof(turnContext));
        State = state ?? throw new ArgumentNullException(nameof(state));
        Parent = parent;
    }

    /// <summary>A context over the same stack (used by <see cref="WaterfallStepContext"/>).</summary>
    protected DialogContext(DialogContext other)
        : this((other ?? throw new ArgumentNullException(nameof(other))).Dialogs, other.Context, other.State, other.Parent)
    {
    }

    public DialogSet Dialogs { get; }

    public ITurnContext Context { get; }

    public DialogState State { get; }

    /// <summary>The context of the component dialog that owns this stack, if any.</summary>
    public DialogContext? Parent { get; }

    public IReadOnlyList<DialogInstance> Stack => State.DialogStack;

    public DialogInstance? ActiveDialog => State.DialogStack.Count > 0 ? State.DialogStack[^1] : null;

    /// <summary>Finds a dialog in this set or in an enclosing component's set.</summary>
    public Dialog? FindDialog(string dialogId) => Dialogs.Find(dialogId) ?? Parent?.FindDialog(dialogId);

    /// <summary>Pushes a dialog on the stack and begins it. <paramref name="options"/> reach it as given (typically a record).</summary>
    public async Task<DialogTurnResult> BeginDialogAsync(string dialogId, object? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(dialogId);
        var dialog = FindDialog(dialogId)
            ?? throw new InvalidOperationException($"There is no dialog with id '{dialogId}' in this dialog set or its parents.");
        State.DialogStack.Add(new DialogInstance { Id = dialogId });
        return await dialog.BeginDialogAsync(this, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Begins a prompt: the same as <see cref="BeginDialogAsync"/> with <see cref="Prompts.PromptOptions"/>.</summary>
    public Task<DialogTurnResult> PromptAsync(string dialogId, Prompts.PromptOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return BeginDialogAsync(dialogId, options, cancellationToken);
    }

    /// <summary>Hands the turn's activity to the active dialog; <see cref="DialogTurnStatus.Empty"/> when none.</summary>
    public async Task<DialogTurnResult> ContinueDialogAsync(CancellationToken cancellationToken = default)
    {
        var active = ActiveDialog;
        if (active is null)
        {
            return new DialogTurnResult(DialogTurnStatus.Empty);
        }

        var dialog = FindDialog(active.Id) ?? throw UnknownDialog(active.Id);
        return await dialog.ContinueDialogAsync(this, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends the active dialog and resumes the one below it with <paramref name="result"/>.</summary>
    public async Task<DialogTurnResult> EndDialogAsync(object? result = null, CancellationToken cancellationToken = default)
    {
        await EndActiveDialogAsync(DialogReason.EndCalled, cancellationToken).ConfigureAwait(false);
        var parentInstance = ActiveDialog;
        if (parentInstance is null)
        {
            return new DialogTurnResult(DialogTurnStatus.Complete, result);
        }

        var dialog = FindDialog(parentInstance.Id) ?? throw UnknownDialog(parentInstance.Id);
        return await dialog.ResumeDialogAsync(this, DialogReason.EndCalled, result, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends the active dialog and begins another in its place (e.g. to loop a menu without growing the stack).</summary>
    public async Task<DialogTurnResult> ReplaceDialogAsync(string dialogId, object? options = null, CancellationToken cancellationToken = default)
    {
        await EndActiveDialogAsync(DialogReason.ReplaceCalled, cancellationToken).ConfigureAwait(false);
        return await BeginDialogAsync(dialogId, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Cancels every dialog on this stack, top first.</summary>
    public async Task<DialogTurnResult> CancelAllDialogsAsync(CancellationToken cancellationToken = default)
    {
        if (State.DialogStack.Count == 0)
        {
            return new DialogTurnResult(DialogTurnStatus.Empty);
        }

        while (State.DialogStack.Count > 0)
        {
            await EndActiveDialogAsync(DialogReason.CancelCalled, cancellationToken).ConfigureAwait(false);
        }

        return new DialogTurnResult(DialogTurnStatus.Cancelled);
    }

    /// <summary>
    /// Cancels the active dialog only, without resuming the one below it (e.g. to replace a side
    /// trip begun on top of an unfinished dialog by another one).
    /// </summary>
    public Task CancelActiveDialogAsync(CancellationToken cancellationToken = default)
        => EndActiveDialogAsync(DialogReason.CancelCalled, cancellationToken);

    /// <summary>Asks the active dialog to repeat its question.</summary>
    public async Task RepromptDialogAsync(CancellationToken cancellationToken = default)
    {
        var active = ActiveDialog;
        if (active is null)
        {
            return;
        }

        var dialog = FindDialog(active.Id) ?? throw UnknownDialog(active.Id);
        await dialog.RepromptDialogAsync(Context, active, cancellationToken).ConfigureAwait(false);
    }

    private async Task EndActiveDialogAsync(DialogReason reason, CancellationToken cancellationToken)
    {
        var active = ActiveDialog;
        if (active is null)
        {
            return;
        }

        if (FindDialog(active.Id) is { } dialog)
        {
            await dialog.EndDialogAsync(Context, active, reason, cancellationToken).ConfigureAwait(false);
        }

        State.DialogStack.RemoveAt(State.DialogStack.Count - 1);
    }

    private static InvalidOperationException UnknownDialog(string dialogId)
        => new($"The dialog stack names '{dialogId}', which is not in this dialog set (was it renamed or removed?).");
}
