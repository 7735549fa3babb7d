using ConfidantBot.BotFramework.Hosting;

namespace ConfidantBot.BotFramework.Dialogs.Prompts;

/// <summary>
/// Asks for free text. The text is the prompt's result in memory only: a step that receives it must
/// use or seal it in that turn, never put it in state.
/// </summary>
public class TextPrompt(string dialogId, PromptValidator<string>? validator = null)
    : Prompt<string>(dialogId, validator)
{
    protected override Task OnPromptAsync(ITurnContext turnContext, PromptOptions options, bool isRetry, CancellationToken cancellationToken)
        => SendPromptActivityAsync(turnContext, PromptActivity(options, isRetry), cancellationToken);

    protected override Task<PromptRecognizerResult<string>> OnRecognizeAsync(ITurnContext turnContext, PromptOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var text = turnContext.Activity.Text?.Trim();
        return Task.FromResult(string.IsNullOrEmpty(text)
            ? PromptRecognizerResult<string>.Failed
            : PromptRecognizerResult<string>.Success(text));
    }
}
