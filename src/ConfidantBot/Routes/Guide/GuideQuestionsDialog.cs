using System.Globalization;
using System.Text.Json;
using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.BotFramework.Hosting;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.BotFramework.State;
using ConfidantBot.Figures;
using ConfidantBot.Presentation;
using ConfidantBot.Routes.Advice;
using ConfidantBot.Routes.Cards;
using ConfidantBot.Routes.Catalogue;
using Microsoft.Extensions.Logging;

namespace ConfidantBot.Routes.Guide;

/// <summary>
/// The guide's question loop. Its state is the <see cref="GuideAnswers"/> so far, as enum names:
/// typed text is used in the turn it arrives (to match an answer title) and then dropped.
/// </summary>
internal sealed partial class GuideQuestionsDialog(IRouteCatalogue catalogue, RouteCards cards, IUsageCounters counters, ILogger logger) : Dialog(Name)
{
    private const string Name = "guide.questions";
    private const string AnswersKey = "answers";

    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dc);
        var instance = dc.ActiveDialog!;
        Save(instance, GuideAnswers.None);
        await counters.RecordAsync(UsageEvent.GuideStarted(), cancellationToken).ConfigureAwait(false);
        await AskAsync(dc.Context, GuideAnswers.None, GuideQuestionnaire.Next(GuideAnswers.None)!.Value, cancellationToken).ConfigureAwait(false);
        return EndOfTurn;
    }

    public override async Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dc);
        var activity = dc.Context.Activity;
        if (activity.Type != ActivityTypes.Message && !SubmittedData.IsAdaptiveCardAction(activity))
        {
            return EndOfTurn;
        }

        var instance = dc.ActiveDialog!;
        var answers = Load(instance);
        var current = GuideQuestionnaire.Next(answers);
        if (current is not { } question)
        {
            return await FinishAsync(dc, answers, cancellationToken).ConfigureAwait(false);
        }

        var culture = Locales.FromActivityLocale(activity.Locale);
        var intent = GuideInput.Recognize(activity.Text, SubmittedData.Get(activity), question);
        switch (intent.Kind)
        {
            case GuideIntentKind.Answer when GuideQuestionnaire.TryApply(answers, intent.Question, intent.Answer, out var updated, intent.EasyToRecognise):
                Save(instance, updated);
                return GuideQuestionnaire.Next(updated) is { } next
                    ? await AskNextAsync(dc.Context, updated, next, cancellationToken).ConfigureAwait(false)
                    : await FinishAsync(dc, updated, cancellationToken).ConfigureAwait(false);

            case GuideIntentKind.FreeText:
                // The story is neither read nor kept: only the fact that a question was answered with text is logged.
                LogFreeTextAnswered(logger, GuideQuestionnaire.WireName(question));
                await SendAsync(dc.Context, cards.FreeText(culture, question), cancellationToken).ConfigureAwait(false);
                return EndOfTurn;

            case GuideIntentKind.Route or GuideIntentKind.Contact:
                // A button of an older card without the routes command: show it, then the question again.
                var snapshot = await catalogue.GetAsync(cancellationToken).ConfigureAwait(false);
                var card = intent.Kind == GuideIntentKind.Route
                    ? cards.RouteDetail(snapshot, intent.RouteId, culture)
                    : cards.Contact(snapshot, intent.RouteId, culture);
                await SendAsync(dc.Context, card, cancellationToken).ConfigureAwait(false);
                if (snapshot.Find(intent.RouteId) is { } opened)
                {
                    await counters.RouteOpenedAsync(opened.Id, GuideFigures.AudienceOf(answers.Role), cancellationToken).ConfigureAwait(false);
                }

                await AskAsync(dc.Context, answers, question, cancellationToken).ConfigureAwait(false);
                return EndOfTurn;

            default:
                // An empty message, or card data this question did not offer (an old or forged card): ask again.
                await AskAsync(dc.Context, answers, question, cancellationToken).ConfigureAwait(false);
                return EndOfTurn;
        }
    }

    public override async Task RepromptDialogAsync(ITurnContext turnContext, DialogInstance instance, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(instance);
        var answers = Load(instance);
        if (GuideQuestionnaire.Next(answers) is { } question)
        {
            await AskAsync(turnContext, answers, question, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<DialogTurnResult> AskNextAsync(ITurnContext turnContext, GuideAnswers answers, GuideQuestion question, CancellationToken cancellationToken)
    {
        await AskAsync(turnContext, answers, question, cancellationToken).ConfigureAwait(false);
        return EndOfTurn;
    }

    private Task AskAsync(ITurnContext turnContext, GuideAnswers answers, GuideQuestion question, CancellationToken cancellationToken) =>
        SendAsync(turnContext, cards.Question(question, answers, Culture(turnContext)), cancellationToken);

    private async Task<DialogTurnResult> FinishAsync(DialogContext dc, GuideAnswers answers, CancellationToken cancellationToken)
    {
        var snapshot = await catalogue.GetAsync(cancellationToken).ConfigureAwait(false);
        var culture = Culture(dc.Context);
        var advice = new RouteAdvisor(snapshot).Advise(answers, culture);
        await SendAsync(dc.Context, cards.Result(advice, culture), cancellationToken).ConfigureAwait(false);
        LogAdviceGiven(logger, advice.Routes.Count);
        var audience = GuideFigures.AudienceOf(answers.Role);
        await counters.GuideFinishedAsync(answers, advice.Routes.Count > 0 ? advice.Routes[0].Route.Kind : null, cancellationToken).ConfigureAwait(false);
        foreach (var advised in advice.Routes)
        {
            await counters.RouteShownAsync(advised.Route.Id, audience, cancellationToken).ConfigureAwait(false);
        }

        return await dc.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
    }

    private static CultureInfo Culture(ITurnContext turnContext) => Locales.FromActivityLocale(turnContext.Activity.Locale);

    private static Task SendAsync(ITurnContext turnContext, Attachment card, CancellationToken cancellationToken) =>
        turnContext.SendActivityAsync(Activity.CreateMessage(null, card), cancellationToken);

    private static GuideAnswers Load(DialogInstance instance) =>
        instance.State[AnswersKey]?.Deserialize<GuideAnswers>(StateJson.Options) ?? GuideAnswers.None;

    private static void Save(DialogInstance instance, GuideAnswers answers) =>
        instance.State[AnswersKey] = JsonSerializer.SerializeToNode(answers, StateJson.Options);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "The guide got typed text at question {Question}; it answered with the free-text card and kept nothing.")]
    private static partial void LogFreeTextAnswered(ILogger logger, string question);

    [LoggerMessage(EventId = 302, Level = LogLevel.Debug, Message = "The guide advised {RouteCount} routes.")]
    private static partial void LogAdviceGiven(ILogger logger, int routeCount);
}
