using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.BotFramework.Dialogs.Prompts;
using ConfidantBot.BotFramework.Hosting;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.Conversation;

namespace ConfidantBot.Tests.Hosting;

/// <summary>
/// A stand-in feature for host tests: two choice questions, then a summary of both answers. It is
/// registered under the guide intent's dialog id, so the real root starts it when "welke route" is
/// typed, and it waits between turns with its step and first answer in the stored dialog stack.
/// </summary>
public sealed class TwoQuestionDialog : ComponentDialog
{
    public const string FirstQuestion = "Testvraag 1: wie ben je?";
    public const string SecondQuestion = "Testvraag 2: waar gaat het over?";
    public const string SummaryPrefix = "Testsamenvatting:";

    public TwoQuestionDialog()
        : base(ConversationIntents.DialogByIntent[ConversationIntents.Guide])
    {
        AddDialog(new WaterfallDialog("twoQuestions.flow", [AskFirstAsync, AskSecondAsync, SummariseAsync]));
        AddDialog(new ChoicePrompt("twoQuestions.choice"));
        InitialDialogId = "twoQuestions.flow";
    }

    private static Task<DialogTurnResult> AskFirstAsync(WaterfallStepContext step, CancellationToken cancellationToken)
        => step.PromptAsync("twoQuestions.choice", new PromptOptions
        {
            Prompt = Activity.CreateMessage(FirstQuestion),
            Choices = [new("employee", "Medewerker"), new("council", "Raadslid")],
        }, cancellationToken);

    private static Task<DialogTurnResult> AskSecondAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        step.SetValue("who", step.GetResult<FoundChoice>()!.Id);
        return step.PromptAsync("twoQuestions.choice", new PromptOptions
        {
            Prompt = Activity.CreateMessage(SecondQuestion),
            Choices = [new("conduct", "Gedrag"), new("fraud", "Fraude")],
        }, cancellationToken);
    }

    private static async Task<DialogTurnResult> SummariseAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        await step.Context.SendTextAsync($"{SummaryPrefix} {step.GetValue<string>("who")} / {step.GetResult<FoundChoice>()!.Id}", cancellationToken);
        return await step.EndDialogAsync(cancellationToken: cancellationToken);
    }
}
