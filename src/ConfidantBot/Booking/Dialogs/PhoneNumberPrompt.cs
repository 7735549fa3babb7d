using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.BotFramework.Dialogs.Prompts;
using ConfidantBot.BotFramework.Hosting;

namespace ConfidantBot.Booking.Dialogs;

/// <summary>
/// Asks for the number the confidant should call. The card's button submits
/// <c>{"otherMode":"PhonePersonCalls"}</c> (or Online): the person chose a way that needs no
/// number. A typed number lives in memory only (the next step seals it).
/// </summary>
public sealed class PhoneNumberPrompt(string dialogId, PromptValidator<string>? validator = null)
    : Prompt<string>(dialogId, validator)
{
    public const string OtherModeField = "otherMode";

    private const string OtherModePrefix = "mode:";

    /// <summary>The way of meeting chosen instead of giving a number, or null when a number was typed.</summary>
    public static MeetingMode? OtherMode(string answer)
        => answer.StartsWith(OtherModePrefix, StringComparison.Ordinal)
           && Enum.TryParse<MeetingMode>(answer[OtherModePrefix.Length..], out var mode)
           && mode is MeetingMode.PhonePersonCalls or MeetingMode.Online
            ? mode
            : null;

    public static bool IsOtherMode(string answer) => OtherMode(answer) is not null;

    protected override Task OnPromptAsync(ITurnContext turnContext, PromptOptions options, bool isRetry, CancellationToken cancellationToken)
        => SendPromptActivityAsync(turnContext, PromptActivity(options, isRetry), cancellationToken);

    protected override Task<PromptRecognizerResult<string>> OnRecognizeAsync(ITurnContext turnContext, PromptOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var answer = SubmittedData.GetString(turnContext.Activity, OtherModeField) is { Length: > 0 } mode
            ? OtherModePrefix + mode
            : turnContext.Activity.Text?.Trim();
        return Task.FromResult(string.IsNullOrEmpty(answer)
            ? PromptRecognizerResult<string>.Failed
            : PromptRecognizerResult<string>.Success(answer));
    }
}
