using System.Text.Json;
using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Hosting;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.BotFramework.State;

namespace ConfidantBot.BotFramework.Dialogs.Prompts;

/// <summary>
/// Asks for one answer and ends with it as the result (in memory; the answer is never persisted).
/// Input it does not understand, or that the validator rejects, gets the retry prompt.
/// </summary>
public abstract class Prompt<T> : Dialog
{
    private const string OptionsKey = "options";
    private const string AttemptsKey = "attempts";

    private readonly PromptValidator<T>? _validator;

    protected Prompt(string dialogId, PromptValidator<T>? validator = null)
        : base(dialogId)
    {
        _validator = validator;
    }

    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dc);
        var promptOptions = options switch
        {
            null => new PromptOptions(),
            PromptOptions typed => typed,
            _ => throw new ArgumentException($"Prompt '{Id}' must be begun with PromptOptions.", nameof(options)),
        };
        ValidateOptions(promptOptions);

        var state = dc.ActiveDialog!.State;
        state[OptionsKey] = JsonSerializer.SerializeToNode(promptOptions, StateJson.Options);
        state[AttemptsKey] = 0;
        await OnPromptAsync(dc.Context, ReadOptions(state), isRetry: false, cancellationToken).ConfigureAwait(false);
        return EndOfTurn;
    }

    public override async Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dc);
        var turn = dc.Context;
        if (!IsAnswer(turn.Activity))
        {
            return EndOfTurn;
        }

        var state = dc.ActiveDialog!.State;
        var options = ReadOptions(state);
        var attempts = (state[AttemptsKey]?.GetValue<int>() ?? 0) + 1;
        state[AttemptsKey] = attempts;

        var recognized = await OnRecognizeAsync(turn, options, cancellationToken).ConfigureAwait(false);
        var validation = new PromptValidatorContext<T>(turn, recognized, options, attempts);
        var valid = recognized.Succeeded
            && (_validator is null || await _validator(validation, cancellationToken).ConfigureAwait(false));
        if (valid)
        {
            return await dc.EndDialogAsync(recognized.Value, cancellationToken).ConfigureAwait(false);
        }

        if (options.MaxAttempts is { } maxAttempts && attempts >= maxAttempts)
        {
            return await dc.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        if (validation.RetryPrompt is { } retry)
        {
            await SendPromptActivityAsync(turn, retry, cancellationToken).ConfigureAwait(false);
        }
        else if (!turn.Responded)
        {
            await OnPromptAsync(turn, options, isRetry: true, cancellationToken).ConfigureAwait(false);
        }

        return EndOfTurn;
    }

    public override Task<DialogTurnResult> ResumeDialogAsync(DialogContext dc, DialogReason reason, object? result = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dc);
        return RepromptAndWaitAsync(dc, cancellationToken);
    }

    public override Task RepromptDialogAsync(ITurnContext turnContext, DialogInstance instance, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return OnPromptAsync(turnContext, ReadOptions(instance.State), isRetry: false, cancellationToken);
    }

    /// <summary>Sends the question (or the retry question).</summary>
    protected abstract Task OnPromptAsync(ITurnContext turnContext, PromptOptions options, bool isRetry, CancellationToken cancellationToken);

    /// <summary>Understands the person's input, or fails.</summary>
    protected abstract Task<PromptRecognizerResult<T>> OnRecognizeAsync(ITurnContext turnContext, PromptOptions options, CancellationToken cancellationToken);

    /// <summary>Throws when the options cannot work for this prompt (a programming error, caught at begin).</summary>
    protected virtual void ValidateOptions(PromptOptions options)
    {
    }

    /// <summary>Which activities count as an answer; others (typing, reactions) leave the prompt waiting.</summary>
    protected virtual bool IsAnswer(Activity activity)
        => activity.Type == ActivityTypes.Message || SubmittedData.IsAdaptiveCardAction(activity);

    protected virtual Task SendPromptActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        return turnContext.SendActivityAsync(activity, cancellationToken);
    }

    /// <summary>The prompt or retry activity to send: a fresh copy, since sending fills in addressing.</summary>
    protected static Activity PromptActivity(PromptOptions options, bool isRetry)
    {
        ArgumentNullException.ThrowIfNull(options);
        var source = (isRetry ? options.RetryPrompt ?? options.Prompt : options.Prompt) ?? Activity.CreateMessage();
        return Copy(source);
    }

    protected static Activity Copy(Activity activity)
        => JsonSerializer.Deserialize<Activity>(BotJson.SerializeToUtf8Bytes(activity), BotJson.Options)!;

    private async Task<DialogTurnResult> RepromptAndWaitAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        await RepromptDialogAsync(dc.Context, dc.ActiveDialog!, cancellationToken).ConfigureAwait(false);
        return EndOfTurn;
    }

    private static PromptOptions ReadOptions(JsonObject state)
        => state[OptionsKey]?.Deserialize<PromptOptions>(StateJson.Options) ?? new PromptOptions();
}
