using System.Text.Json;
using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Hosting;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.BotFramework.State;

namespace ConfidantBot.BotFramework.Dialogs;

/// <summary>One step of a waterfall: ask something (usually a prompt) or act on the previous step's result.</summary>
public delegate Task<DialogTurnResult> WaterfallStep(WaterfallStepContext stepContext, CancellationToken cancellationToken);

/// <summary>
/// A fixed sequence of steps. Each step typically begins a prompt; the prompt's result reaches the
/// next step as <see cref="WaterfallStepContext.Result"/>. Options and <see cref="WaterfallStepContext.Values"/>
/// are persisted as JSON between turns.
/// </summary>
public class WaterfallDialog : Dialog
{
    private const string OptionsKey = "options";
    private const string ValuesKey = "values";
    private const string StepIndexKey = "stepIndex";

    private readonly List<WaterfallStep> _steps;
    private Func<ITurnContext, JsonObject, CancellationToken, Task>? _onCancelled;

    public WaterfallDialog(string id, IEnumerable<WaterfallStep>? steps = null)
        : base(id)
    {
        _steps = steps is null ? [] : [.. steps];
    }

    public WaterfallDialog AddStep(WaterfallStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        _steps.Add(step);
        return this;
    }

    /// <summary>
    /// Runs when the waterfall is cancelled before its last step ("stop", "opnieuw", another
    /// feature): undo what its steps stored outside conversation state. Gets the persisted values.
    /// </summary>
    public WaterfallDialog OnCancelled(Func<ITurnContext, JsonObject, CancellationToken, Task> cleanup)
    {
        _onCancelled = cleanup ?? throw new ArgumentNullException(nameof(cleanup));
        return this;
    }

    public override Task EndDialogAsync(ITurnContext turnContext, DialogInstance instance, DialogReason reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return reason == DialogReason.CancelCalled && _onCancelled is { } cleanup
            ? cleanup(turnContext, instance.State[ValuesKey] as JsonObject ?? [], cancellationToken)
            : Task.CompletedTask;
    }

    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dc);
        var state = dc.ActiveDialog!.State;
        state[OptionsKey] = ToJson(options);
        state[ValuesKey] = new JsonObject();
        return await RunStepAsync(dc, 0, DialogReason.BeginCalled, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The waterfall itself is waiting (a step returned <see cref="Dialog.EndOfTurn"/>): the next step
    /// gets the submitted card data (a <see cref="JsonObject"/>) or else the message text.
    /// </summary>
    public override Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dc);
        var activity = dc.Context.Activity;
        if (activity.Type != ActivityTypes.Message && !SubmittedData.IsAdaptiveCardAction(activity))
        {
            return Task.FromResult(EndOfTurn);
        }

        object? answer = SubmittedData.Get(activity) ?? (object?)activity.Text;
        return ResumeDialogAsync(dc, DialogReason.ContinueCalled, answer, cancellationToken);
    }

    public override Task<DialogTurnResult> ResumeDialogAsync(DialogContext dc, DialogReason reason, object? result = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dc);
        var index = dc.ActiveDialog!.State[StepIndexKey]?.GetValue<int>() ?? 0;
        return RunStepAsync(dc, index + 1, reason, result, cancellationToken);
    }

    internal async Task<DialogTurnResult> RunStepAsync(DialogContext dc, int index, DialogReason reason, object? result, CancellationToken cancellationToken)
    {
        if (index >= _steps.Count)
        {
            return await dc.EndDialogAsync(result, cancellationToken).ConfigureAwait(false);
        }

        var state = dc.ActiveDialog!.State;
        state[StepIndexKey] = index;
        var values = state[ValuesKey] as JsonObject ?? [];
        state[ValuesKey] = values;
        var stepContext = new WaterfallStepContext(this, dc, state[OptionsKey], values, index, reason, result);
        return await _steps[index](stepContext, cancellationToken).ConfigureAwait(false);
    }

    private static JsonNode? ToJson(object? options) => options switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        _ => JsonSerializer.SerializeToNode(options, options.GetType(), StateJson.Options),
    };
}
