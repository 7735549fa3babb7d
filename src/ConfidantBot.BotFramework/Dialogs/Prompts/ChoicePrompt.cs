using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Hosting;
using ConfidantBot.BotFramework.Schema;

namespace ConfidantBot.BotFramework.Dialogs.Prompts;

/// <summary>The answer a <see cref="ChoicePrompt"/> recognised.</summary>
public sealed record FoundChoice(Choice Choice, int Index)
{
    public string Id => Choice.Id;
}

/// <summary>
/// Asks the person to pick one of <see cref="PromptOptions.Choices"/>. Accepts a button submit
/// (<c>{"choice":"&lt;id&gt;"}</c>), or typed text that is exactly a choice's title, one of its
/// synonyms or its number (case and accents ignored). A sentence that merely contains a choice's
/// word is not an answer.
/// </summary>
public class ChoicePrompt(string dialogId, PromptValidator<FoundChoice>? validator = null)
    : Prompt<FoundChoice>(dialogId, validator)
{
    /// <summary>The field of the submitted data that carries the choice id.</summary>
    public const string SubmitField = "choice";

    protected override void ValidateOptions(PromptOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Choices is not { Count: > 0 })
        {
            throw new ArgumentException($"Choice prompt '{Id}' needs PromptOptions.Choices.", nameof(options));
        }
    }

    protected override Task OnPromptAsync(ITurnContext turnContext, PromptOptions options, bool isRetry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var prompt = PromptActivity(options, isRetry);
        var choices = options.Choices ?? [];
        if (options.Style == ListStyle.AdaptiveCard && prompt.Attachments is not { Count: > 0 })
        {
            prompt = PromptCards.WithButtons(prompt, choices.Select(c => (c.Title, new JsonObject { [SubmitField] = c.Id })));
        }
        else if (options.Style == ListStyle.List)
        {
            prompt.Text = NumberedList(prompt.Text, choices);
        }

        return SendPromptActivityAsync(turnContext, prompt, cancellationToken);
    }

    protected override Task<PromptRecognizerResult<FoundChoice>> OnRecognizeAsync(ITurnContext turnContext, PromptOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(options);
        var found = Recognize(turnContext.Activity, options.Choices ?? []);
        return Task.FromResult(found is null ? PromptRecognizerResult<FoundChoice>.Failed : PromptRecognizerResult<FoundChoice>.Success(found));
    }

    /// <summary>The choice the activity names (submitted id, exact title or synonym, or number), or null.</summary>
    public static FoundChoice? Recognize(Activity activity, IReadOnlyList<Choice> choices)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(choices);
        if (SubmittedData.GetString(activity, SubmitField) is { } submittedId)
        {
            var index = IndexOf(choices, c => string.Equals(c.Id, submittedId, StringComparison.Ordinal));
            return index < 0 ? null : new FoundChoice(choices[index], index);
        }

        var typed = TextMatching.Normalize(activity.Text);
        if (typed.Length == 0)
        {
            return null;
        }

        if (int.TryParse(typed, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1 && number <= choices.Count)
        {
            return new FoundChoice(choices[number - 1], number - 1);
        }

        var match = IndexOf(choices, c => Names(c).Any(name => TextMatching.Normalize(name) == typed));
        return match < 0 ? null : new FoundChoice(choices[match], match);
    }

    private static IEnumerable<string> Names(Choice choice) => [choice.Title, choice.Id, .. choice.Synonyms ?? []];

    private static int IndexOf(IReadOnlyList<Choice> choices, Func<Choice, bool> predicate)
    {
        for (var i = 0; i < choices.Count; i++)
        {
            if (predicate(choices[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static string NumberedList(string? text, IReadOnlyList<Choice> choices)
    {
        var builder = new StringBuilder(text);
        builder.Append("\n\n");
        for (var i = 0; i < choices.Count; i++)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{i + 1}. {choices[i].Title}\n");
        }

        return builder.ToString().TrimEnd();
    }
}
