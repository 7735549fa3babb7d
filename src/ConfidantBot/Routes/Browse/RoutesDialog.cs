using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.Figures;
using ConfidantBot.Routes.Cards;
using ConfidantBot.Routes.Catalogue;

namespace ConfidantBot.Routes.Browse;

/// <summary>
/// Browse all routes: the list, a detail card per route, and a route's contact. Begun by the root
/// for the <c>routes</c> command, with the button's data as options (see <see cref="RouteRequest"/>).
/// </summary>
public sealed class RoutesDialog : ComponentDialog
{
    public const string DialogId = "routes";

    public RoutesDialog(IRouteCatalogue catalogue, RouteCards cards, IUsageCounters counters)
        : base(DialogId)
    {
        AddDialog(new RouteBrowserDialog(catalogue, cards, counters));
    }
}
