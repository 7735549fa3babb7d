using System.Text.Json;
using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Hosting;
using ConfidantBot.BotFramework.Schema;

namespace ConfidantBot.BotFramework.Dialogs.Prompts;

/// <summary>
/// Asks a yes/no question with two buttons (<c>{"confirm":true|false}</c>). Typed yes/no and ja/nee
/// (and y/n/j) are understood, whole input only. Button titles follow the activity's locale
/// (Dutch or English) unless set.
/// </summary>
public class ConfirmPrompt(string dialogId, PromptValidator<bool>? validator = null)
    : Prompt<bool>(dialogId, validator)
{
    public const string SubmitField = "confirm";

    private static readonly string[] DefaultYesWords = ["yes", "y", "ja", "j"];
    private static readonly string[] DefaultNoWords = ["no", "n", "nee"];

    public string? YesTitle { get; init; }

    public string? NoTitle { get; init; }

    /// <summary>The button titles for an activity's locale, when the app decides its language (e.g. Dutch for any locale but English).</summary>
    public Func<string?, (string Yes, string No)>? TitlesForLocale { get; init; }

    public IReadOnlyCollection<string> YesWords { get; init; } = DefaultYesWords;

    public IReadOnlyCollection<string> NoWords { get; init; } = DefaultNoWords;

    protected override Task OnPromptAsync(ITurnContext turnContext, PromptOptions options, bool isRetry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(options);
        var prompt = PromptActivity(options, isRetry);
        var (yes, no) = Titles(turnContext.Activity.Locale);
        if (options.Style == ListStyle.AdaptiveCard && prompt.Attachments is not { Count: > 0 })
        {
            prompt = PromptCards.WithButtons(prompt, [(yes, new JsonObject { [SubmitField] = true }), (no, new JsonObject { [SubmitField] = false })]);
        }
        else if (options.Style == ListStyle.List)
        {
            prompt.Text = $"{prompt.Text} ({yes}/{no})";
        }

        return SendPromptActivityAsync(turnContext, prompt, cancellationToken);
    }

    protected override Task<PromptRecognizerResult<bool>> OnRecognizeAsync(ITurnContext turnContext, PromptOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var activity = turnContext.Activity;
        if (SubmittedData.Get(activity)?[SubmitField] is JsonValue submitted)
        {
            return Task.FromResult(submitted.GetValueKind() switch
            {
                JsonValueKind.True => PromptRecognizerResult<bool>.Success(true),
                JsonValueKind.False => PromptRecognizerResult<bool>.Success(false),
                _ => PromptRecognizerResult<bool>.Failed,
            });
        }

        var (yesTitle, noTitle) = Titles(activity.Locale);
        var typed = TextMatching.Normalize(activity.Text);
        if (typed.Length > 0 && YesWords.Append(yesTitle).Any(w => TextMatching.Normalize(w) == typed))
        {
            return Task.FromResult(PromptRecognizerResult<bool>.Success(true));
        }

        if (typed.Length > 0 && NoWords.Append(noTitle).Any(w => TextMatching.Normalize(w) == typed))
        {
            return Task.FromResult(PromptRecognizerResult<bool>.Success(false));
        }

        return Task.FromResult(PromptRecognizerResult<bool>.Failed);
    }

    private (string Yes, string No) Titles(string? locale)
    {
        if (TitlesForLocale is { } titlesFor)
        {
            return titlesFor(locale);
        }

        var dutch = locale is not null && locale.StartsWith("nl", StringComparison.OrdinalIgnoreCase);
        return (YesTitle ?? (dutch ? "Ja" : "Yes"), NoTitle ?? (dutch ? "Nee" : "No"));
    }
}
