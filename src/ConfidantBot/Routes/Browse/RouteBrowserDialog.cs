using System.Globalization;
using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.BotFramework.Hosting;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.Figures;
using ConfidantBot.Presentation;
using ConfidantBot.Routes.Cards;
using ConfidantBot.Routes.Catalogue;
using ConfidantBot.Routes.Guide;

namespace ConfidantBot.Routes.Browse;

/// <summary>
/// Shows the list, a route or a contact, and stays for the next pick: a route button or a route's
/// typed title. Typed text that is neither gets the kind free-text answer with the menu, and ends.
/// Keeps no state: each card carries the route id it needs.
/// </summary>
internal sealed class RouteBrowserDialog(IRouteCatalogue catalogue, RouteCards cards, IUsageCounters counters) : Dialog("routes.browse")
{
    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dc);
        await ShowAsync(dc.Context, RouteRequest.From(options), cancellationToken).ConfigureAwait(false);
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

        var intent = GuideInput.Recognize(activity.Text, SubmittedData.Get(activity));
        if (intent.Kind == GuideIntentKind.FreeText)
        {
            var snapshot = await catalogue.GetAsync(cancellationToken).ConfigureAwait(false);
            if (snapshot.Routes.FirstOrDefault(route => IsTitleOf(route, activity.Text)) is { } typed)
            {
                await ShowAsync(dc.Context, new RouteRequest(RouteView.Route, typed.Id), cancellationToken).ConfigureAwait(false);
                return EndOfTurn;
            }

            await SendAsync(dc.Context, cards.FreeText(Culture(dc.Context)), cancellationToken).ConfigureAwait(false);
            return await dc.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        await ShowAsync(dc.Context, RouteRequest.FromIntent(intent), cancellationToken).ConfigureAwait(false);
        return EndOfTurn;
    }

    private async Task ShowAsync(ITurnContext turnContext, RouteRequest request, CancellationToken cancellationToken)
    {
        var snapshot = await catalogue.GetAsync(cancellationToken).ConfigureAwait(false);
        var culture = Culture(turnContext);
        var card = request.View switch
        {
            RouteView.Route => cards.RouteDetail(snapshot, request.RouteId, culture),
            RouteView.Contact => cards.Contact(snapshot, request.RouteId, culture),
            _ => cards.RouteList(snapshot, culture),
        };
        await SendAsync(turnContext, card, cancellationToken).ConfigureAwait(false);
        if (request.View is RouteView.Route or RouteView.Contact && snapshot.Find(request.RouteId) is { } opened)
        {
            // The browser does not know who is asking: opened routes are counted without an audience.
            await counters.RouteOpenedAsync(opened.Id, audience: null, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsTitleOf(ReportingRoute route, string? text) =>
        TextMatching.AreEquivalent(text, route.Title.Nl) || TextMatching.AreEquivalent(text, route.Title.En);

    private static CultureInfo Culture(ITurnContext turnContext) => Locales.FromActivityLocale(turnContext.Activity.Locale);

    private static Task SendAsync(ITurnContext turnContext, Attachment card, CancellationToken cancellationToken) =>
        turnContext.SendActivityAsync(Activity.CreateMessage(null, card), cancellationToken);
}
