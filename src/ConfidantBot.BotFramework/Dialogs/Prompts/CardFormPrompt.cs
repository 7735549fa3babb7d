using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Hosting;
using ConfidantBot.BotFramework.Schema;

namespace ConfidantBot.BotFramework.Dialogs.Prompts;

/// <summary>
/// Sends an Adaptive Card form (<see cref="PromptOptions.Prompt"/> with a card attachment) and ends
/// with the submitted object: a message's <c>value</c> (<c>Action.Submit</c>) or an
/// <c>adaptiveCard/action</c> invoke's <c>value.action.data</c> (<c>Action.Execute</c>).
/// </summary>
/// <remarks>
/// To show field errors with the input kept, the validator sets
/// <see cref="PromptValidatorContext{T}.RetryPrompt"/> (e.g. with <see cref="RetryWithCard"/>) to a
/// card built from the submitted values. That card is sent once and never persisted; for an invoke
/// it replaces the card in place.
/// </remarks>
public class CardFormPrompt(string dialogId, PromptValidator<JsonObject>? validator = null)
    : Prompt<JsonObject>(dialogId, validator)
{
    /// <summary>For a validator: re-send <paramref name="card"/> (with error texts and the person's input) instead of the original form.</summary>
    public static void RetryWithCard(PromptValidatorContext<JsonObject> promptContext, Attachment card)
    {
        ArgumentNullException.ThrowIfNull(promptContext);
        promptContext.RetryPrompt = Activity.CreateMessage(null, card);
    }

    protected override void ValidateOptions(PromptOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Prompt?.Attachments is not { Count: > 0 })
        {
            throw new ArgumentException($"Card form prompt '{Id}' needs PromptOptions.Prompt with a card attachment.", nameof(options));
        }
    }

    protected override Task OnPromptAsync(ITurnContext turnContext, PromptOptions options, bool isRetry, CancellationToken cancellationToken)
        => SendPromptActivityAsync(turnContext, PromptActivity(options, isRetry), cancellationToken);

    protected override Task<PromptRecognizerResult<JsonObject>> OnRecognizeAsync(ITurnContext turnContext, PromptOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var activity = turnContext.Activity;
        var data = SubmittedData.Get(activity);
        if (data is not null && SubmittedData.IsAdaptiveCardAction(activity))
        {
            // Accepted unless a retry below replaces this with the card to show again.
            turnContext.InvokeResponse = AdaptiveCardInvokeResponses.Message(string.Empty);
        }

        return Task.FromResult(data is null ? PromptRecognizerResult<JsonObject>.Failed : PromptRecognizerResult<JsonObject>.Success(data));
    }

    /// <summary>An invoke expects the card in its HTTP response (replacing the card in place); a message gets a new card.</summary>
    protected override Task SendPromptActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(activity);
        if (SubmittedData.IsAdaptiveCardAction(turnContext.Activity)
            && activity.Attachments?.FirstOrDefault(a => a.ContentType == Attachment.AdaptiveCardContentType) is { } card)
        {
            turnContext.InvokeResponse = AdaptiveCardInvokeResponses.Card(card);
            return Task.CompletedTask;
        }

        return base.SendPromptActivityAsync(turnContext, activity, cancellationToken);
    }
}
