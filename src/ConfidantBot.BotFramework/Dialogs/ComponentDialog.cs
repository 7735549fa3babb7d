using System.Text.Json;
using ConfidantBot.BotFramework.Hosting;
using ConfidantBot.BotFramework.State;

namespace ConfidantBot.BotFramework.Dialogs;

/// <summary>
/// A dialog made of dialogs: it owns a <see cref="DialogSet"/> and keeps its own inner stack inside
/// its instance state, so a whole flow can be begun, cancelled or replaced as one dialog.
/// </summary>
public class ComponentDialog : Dialog
{
    private const string InnerStackKey = "dialogs";

    private readonly DialogSet _dialogs = new();

    public ComponentDialog(string id)
        : base(id)
    {
    }

    /// <summary>The dialog begun when this component begins; defaults to the first one added.</summary>
    public string? InitialDialogId { get; set; }

    public DialogSet Dialogs => _dialogs;

    /// <summary>The inner stack kept in a component's instance (bottom first); empty when it has none.</summary>
    public static IReadOnlyList<DialogInstance> InnerStackOf(DialogInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return instance.State[InnerStackKey]?.Deserialize<DialogState>(StateJson.Options)?.DialogStack ?? [];
    }

    public ComponentDialog AddDialog(Dialog dialog)
    {
        _dialogs.Add(dialog);
        InitialDialogId ??= dialog.Id;
        return this;
    }

    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dc);
        var instance = dc.ActiveDialog!;
        var inner = CreateInnerContext(dc, instance);
        var result = await OnBeginDialogAsync(inner, options, cancellationToken).ConfigureAwait(false);
        return await AfterInnerTurnAsync(dc, instance, inner, result, cancellationToken).ConfigureAwait(false);
    }

    public override async Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dc);
        var instance = dc.ActiveDialog!;
        var inner = CreateInnerContext(dc, instance);
        var result = inner.ActiveDialog is null
            ? await OnBeginDialogAsync(inner, null, cancellationToken).ConfigureAwait(false)
            : await OnContinueDialogAsync(inner, cancellationToken).ConfigureAwait(false);
        return await AfterInnerTurnAsync(dc, instance, inner, result, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A dialog this component began on the outer stack has ended: the inner active dialog continues with the new message next turn.</summary>
    public override async Task<DialogTurnResult> ResumeDialogAsync(DialogContext dc, DialogReason reason, object? result = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dc);
        await RepromptDialogAsync(dc.Context, dc.ActiveDialog!, cancellationToken).ConfigureAwait(false);
        return EndOfTurn;
    }

    public override async Task RepromptDialogAsync(ITurnContext turnContext, DialogInstance instance, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var inner = CreateInnerContext(turnContext, instance, parent: null);
        await inner.RepromptDialogAsync(cancellationToken).ConfigureAwait(false);
        SaveInnerState(instance, inner);
    }

    public override async Task EndDialogAsync(ITurnContext turnContext, DialogInstance instance, DialogReason reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (reason == DialogReason.CancelCalled || reason == DialogReason.ReplaceCalled)
        {
            var inner = CreateInnerContext(turnContext, instance, parent: null);
            await inner.CancelAllDialogsAsync(cancellationToken).ConfigureAwait(false);
            SaveInnerState(instance, inner);
        }
    }

    protected virtual Task<DialogTurnResult> OnBeginDialogAsync(DialogContext innerDc, object? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(innerDc);
        var initial = InitialDialogId ?? throw new InvalidOperationException($"Component dialog '{Id}' has no dialogs.");
        return innerDc.BeginDialogAsync(initial, options, cancellationToken);
    }

    protected virtual Task<DialogTurnResult> OnContinueDialogAsync(DialogContext innerDc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(innerDc);
        return innerDc.ContinueDialogAsync(cancellationToken);
    }

    /// <summary>Called when the inner stack completed: by default this component ends with the inner result.</summary>
    protected virtual Task<DialogTurnResult> EndComponentAsync(DialogContext outerDc, object? result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outerDc);
        return outerDc.EndDialogAsync(result, cancellationToken);
    }

    private async Task<DialogTurnResult> AfterInnerTurnAsync(DialogContext outer, DialogInstance instance, DialogContext inner, DialogTurnResult result, CancellationToken cancellationToken)
    {
        SaveInnerState(instance, inner);
        return result.Status switch
        {
            DialogTurnStatus.Waiting => EndOfTurn,
            DialogTurnStatus.Cancelled when ReferenceEquals(outer.ActiveDialog, instance) => await outer.EndDialogAsync(null, cancellationToken).ConfigureAwait(false),
            _ when !ReferenceEquals(outer.ActiveDialog, instance) => result,
            _ => await EndComponentAsync(outer, result.Result, cancellationToken).ConfigureAwait(false),
        };
    }

    private DialogContext CreateInnerContext(DialogContext outer, DialogInstance instance)
        => CreateInnerContext(outer.Context, instance, outer);

    private DialogContext CreateInnerContext(ITurnContext turnContext, DialogInstance instance, DialogContext? parent)
    {
        var innerState = instance.State[InnerStackKey]?.Deserialize<DialogState>(StateJson.Options) ?? new DialogState();
        var inner = new DialogContext(_dialogs, turnContext, innerState, parent);

        // A stack naming a dialog that no longer exists (renamed in a release) cannot be continued;
        // starting the component's flow over is better than failing on every turn.
        if (parent is not null && innerState.DialogStack.Exists(d => inner.FindDialog(d.Id) is null))
        {
            innerState.DialogStack.Clear();
        }

        return inner;
    }

    private static void SaveInnerState(DialogInstance instance, DialogContext inner)
        => instance.State[InnerStackKey] = JsonSerializer.SerializeToNode(inner.State, StateJson.Options);
}
