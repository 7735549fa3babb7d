using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.Figures;
using ConfidantBot.Routes.Cards;
using ConfidantBot.Routes.Catalogue;
using Microsoft.Extensions.Logging;

namespace ConfidantBot.Routes.Guide;

/// <summary>
/// "Which route fits me?": at most six multiple-choice questions, then the fitting routes in
/// order with why each fits and the next steps. Begun by the root for the <c>guide</c> command.
/// </summary>
public sealed class GuideDialog : ComponentDialog
{
    public const string DialogId = "guide";

    public GuideDialog(IRouteCatalogue catalogue, RouteCards cards, IUsageCounters counters, ILogger<GuideDialog> logger)
        : base(DialogId)
    {
        AddDialog(new GuideQuestionsDialog(catalogue, cards, counters, logger));
    }
}
