using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.BotFramework.Dialogs.Prompts;
using ConfidantBot.BotFramework.Hosting;
using ConfidantBot.BotFramework.Schema;

namespace ConfidantBot.BotFramework.Tests.Dialogs;

/// <summary>Options a parent passes to a child dialog; they travel as JSON and come back typed.</summary>
public sealed record RequestOptions(string TopicId, int Priority);

/// <summary>
/// A small app-like flow: pick a topic (choice), give a pseudonym (text with a validator), confirm,
/// and a child dialog that receives typed options. Texts are the app's, as they would be in ConfidantBot.
/// </summary>
public sealed class RequestDialog : ComponentDialog
{
    public const string TopicPrompt = "Waar gaat het over?";
    public const string Buttons = "[Meldroutes] [Vertrouwenspersoon] [Iets anders]";
    public const string PseudonymPrompt = "Welke schuilnaam wil je gebruiken?";
    public const string PseudonymRetry = "Een schuilnaam heeft 2 tot 20 letters.";
    public const string ConfirmQuestion = "Wil je de afspraak aanvragen?";

    public static readonly IReadOnlyList<Choice> Topics =
    [
        new("route", "Meldroutes", ["routes"]),
        new("confidant", "Vertrouwenspersoon", ["vp", "vertrouwens persoon"]),
        new("other", "Iets anders", ["overig", "café"]),
    ];

    public RequestDialog()
        : base("request")
    {
        AddDialog(new WaterfallDialog("main", [AskTopicAsync, AskPseudonymAsync, ConfirmAsync, BeginChildAsync, FinishAsync]));
        AddDialog(new ChoicePrompt("topic"));
        AddDialog(new TextPrompt("pseudonym", ValidatePseudonymAsync));
        AddDialog(new ConfirmPrompt("confirm"));
        AddDialog(new WaterfallDialog("summary", [SummaryAskAsync, SummaryShowAsync]));
    }

    private static Task<DialogTurnResult> AskTopicAsync(WaterfallStepContext step, CancellationToken ct)
        => step.PromptAsync("topic", new PromptOptions
        {
            Prompt = Activity.CreateMessage(TopicPrompt),
            RetryPrompt = Activity.CreateMessage("Kies een van de onderwerpen."),
            Choices = Topics,
        }, ct);

    private static Task<DialogTurnResult> AskPseudonymAsync(WaterfallStepContext step, CancellationToken ct)
    {
        step.SetValue("topic", step.GetResult<FoundChoice>()!.Id);
        return step.PromptAsync("pseudonym", PromptOptions.FromText(PseudonymPrompt, PseudonymRetry), ct);
    }

    private static async Task<DialogTurnResult> ConfirmAsync(WaterfallStepContext step, CancellationToken ct)
    {
        // The free-text answer is used in this turn only; it is never put in Values.
        await step.Context.SendTextAsync($"Dank je, {step.GetResult<string>()}.", ct);
        return await step.PromptAsync("confirm", PromptOptions.FromText(ConfirmQuestion), ct);
    }

    private static async Task<DialogTurnResult> BeginChildAsync(WaterfallStepContext step, CancellationToken ct)
    {
        if (step.Result is not true)
        {
            await step.Context.SendTextAsync("Niets aangevraagd.", ct);
            return await step.EndDialogAsync(null, ct);
        }

        return await step.BeginDialogAsync("summary", new RequestOptions(step.GetValue<string>("topic")!, Priority: 2), ct);
    }

    private static Task<DialogTurnResult> FinishAsync(WaterfallStepContext step, CancellationToken ct)
        => step.EndDialogAsync(step.GetValue<string>("topic"), ct);

    private static Task<DialogTurnResult> SummaryAskAsync(WaterfallStepContext step, CancellationToken ct)
        => step.PromptAsync("confirm", PromptOptions.FromText("Samenvatting sturen?"), ct);

    private static async Task<DialogTurnResult> SummaryShowAsync(WaterfallStepContext step, CancellationToken ct)
    {
        // Read on a later turn than the one that began this dialog: the options came back from state.
        var options = step.GetOptions<RequestOptions>()!;
        await step.Context.SendTextAsync($"Aangevraagd over {options.TopicId}, prioriteit {options.Priority}.", ct);
        return await step.EndDialogAsync(null, ct);
    }

    private static Task<bool> ValidatePseudonymAsync(PromptValidatorContext<string> prompt, CancellationToken ct)
        => Task.FromResult(prompt.Recognized.Value is { Length: >= 2 and <= 20 } name && name.All(char.IsLetter));
}

public static class SampleInterruptions
{
    public const string HelpText = "Je kunt een knop kiezen of 'stop' typen.";
    public const string CancelText = "Gestopt. Typ iets om opnieuw te beginnen.";

    public static Interruptions Create() => new Interruptions(new CommandRecognizer()
            .Add(GlobalIntents.Help, "help", "hulp")
            .Add(GlobalIntents.Cancel, "stop", "annuleer")
            .Add(GlobalIntents.StartOver, "opnieuw", "start over"))
        .OnHelp(Activity.CreateMessage(HelpText))
        .OnCancel(Activity.CreateMessage(CancelText))
        .OnStartOver();
}
