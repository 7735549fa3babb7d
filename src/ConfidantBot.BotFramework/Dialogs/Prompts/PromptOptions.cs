using ConfidantBot.BotFramework.Schema;

namespace ConfidantBot.BotFramework.Dialogs.Prompts;

/// <summary>How a prompt shows its choices.</summary>
public enum ListStyle
{
    /// <summary>An Adaptive Card 1.5 with one <c>Action.Submit</c> button per choice.</summary>
    AdaptiveCard,

    /// <summary>A numbered plain-text list.</summary>
    List,

    /// <summary>The prompt activity is sent as given (the caller built its own card).</summary>
    None,
}

/// <summary>One answer a <see cref="ChoicePrompt"/> accepts. <see cref="Id"/> is what is stored and submitted; the texts are shown and matched.</summary>
public sealed record Choice(string Id, string Title, IReadOnlyList<string>? Synonyms = null);

/// <summary>
/// What a prompt says and accepts. All texts and cards come from the caller; they are persisted
/// with the prompt (to re-ask on a later turn), so they must never contain what the person typed.
/// </summary>
public sealed class PromptOptions
{
    /// <summary>The question (text and/or a card).</summary>
    public Activity? Prompt { get; init; }

    /// <summary>Sent after input that was not understood or not valid; defaults to <see cref="Prompt"/>.</summary>
    public Activity? RetryPrompt { get; init; }

    public IReadOnlyList<Choice>? Choices { get; init; }

    public ListStyle Style { get; init; } = ListStyle.AdaptiveCard;

    /// <summary>After this many failed answers the prompt ends with a null result. Null = ask until answered or interrupted.</summary>
    public int? MaxAttempts { get; init; }

    public static PromptOptions FromText(string prompt, string? retryPrompt = null) => new()
    {
        Prompt = Activity.CreateMessage(prompt),
        RetryPrompt = retryPrompt is null ? null : Activity.CreateMessage(retryPrompt),
    };
}
