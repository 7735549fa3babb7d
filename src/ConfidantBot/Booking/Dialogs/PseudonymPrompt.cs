using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.BotFramework.Dialogs.Prompts;
using ConfidantBot.BotFramework.Hosting;

namespace ConfidantBot.Booking.Dialogs;

/// <summary>
/// Asks for a pseudonym: the suggestion's button submits <c>{"pseudonym":"&lt;name&gt;"}</c>, or the
/// person types one. The answer lives in memory only (the next step seals it).
/// </summary>
public sealed class PseudonymPrompt(string dialogId, PromptValidator<string>? validator = null)
    : Prompt<string>(dialogId, validator)
{
    public const string SubmitField = "pseudonym";

    protected override Task OnPromptAsync(ITurnContext turnContext, PromptOptions options, bool isRetry, CancellationToken cancellationToken)
        => SendPromptActivityAsync(turnContext, PromptActivity(options, isRetry), cancellationToken);

    protected override Task<PromptRecognizerResult<string>> OnRecognizeAsync(ITurnContext turnContext, PromptOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var answer = SubmittedData.GetString(turnContext.Activity, SubmitField) ?? turnContext.Activity.Text;
        answer = answer?.Trim();
        return Task.FromResult(string.IsNullOrEmpty(answer)
            ? PromptRecognizerResult<string>.Failed
            : PromptRecognizerResult<string>.Success(answer));
    }
}
