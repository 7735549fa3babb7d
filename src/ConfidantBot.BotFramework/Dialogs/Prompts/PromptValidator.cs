using ConfidantBot.BotFramework.Hosting;
using ConfidantBot.BotFramework.Schema;

namespace ConfidantBot.BotFramework.Dialogs.Prompts;

/// <summary>Checks a recognised answer. Return false to ask again.</summary>
public delegate Task<bool> PromptValidator<T>(PromptValidatorContext<T> promptContext, CancellationToken cancellationToken);

/// <summary>What a prompt understood from the person's input.</summary>
public sealed record PromptRecognizerResult<T>(bool Succeeded, T? Value = default)
{
    public static PromptRecognizerResult<T> Failed { get; } = new(false);

    public static PromptRecognizerResult<T> Success(T value) => new(true, value);
}

public sealed class PromptValidatorContext<T>
{
    internal PromptValidatorContext(ITurnContext context, PromptRecognizerResult<T> recognized, PromptOptions options, int attemptCount)
    {
        Context = context;
        Recognized = recognized;
        Options = options;
        AttemptCount = attemptCount;
    }

    public ITurnContext Context { get; }

    public PromptRecognizerResult<T> Recognized { get; }

    public PromptOptions Options { get; }

    /// <summary>How many answers were given to this prompt, this one included.</summary>
    public int AttemptCount { get; }

    /// <summary>
    /// Sent instead of <see cref="PromptOptions.RetryPrompt"/> when validation fails, this time only
    /// (never persisted, so it may echo the person's input, e.g. a form with field errors).
    /// </summary>
    public Activity? RetryPrompt { get; set; }
}
