using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.Presentation;
using ConfidantBot.Routes.Cards;

namespace ConfidantBot.Conversation;

/// <summary>
/// The commands that work at any point of any conversation: typed as a whole message (Dutch or
/// English, as in the Teams app manifest's command list) or sent by a card button as
/// <c>{"command":"…"}</c>. Never recognised inside a sentence.
/// </summary>
public static class ConversationIntents
{
    public const string Menu = "menu";
    public const string Guide = "guide";
    public const string Routes = "routes";
    public const string Confidants = "confidants";
    public const string Book = "book";
    public const string MyBookings = "myBookings";
    public const string WhatStored = "whatStored";
    public const string ForgetMe = "forgetMe";
    public const string RosterAdmin = "rosterAdmin";
    public const string Figures = "figures";

    /// <summary>A button of a relayed answer (a decline's or a proposal's choices); no typed phrase.</summary>
    public const string BookingAnswer = "bookingAnswer";

    /// <summary>Feature intents and the dialog each one begins.</summary>
    public static IReadOnlyDictionary<string, string> DialogByIntent { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Guide] = "guide",
        [Routes] = "routes",
        [Confidants] = "confidants",
        [Book] = "booking",
        [MyBookings] = "myBookings",
        [ForgetMe] = ForgetMeDialog.DialogId,
        [RosterAdmin] = "rosterAdmin",
        [Figures] = "figures",
        [BookingAnswer] = "bookingAnswer",
    };

    public static CommandRecognizer CreateRecognizer() => new CommandRecognizer()
        .Add(GlobalIntents.Help, "help", "hulp")
        .Add(GlobalIntents.Cancel, "stop", "annuleer", "annuleren", "cancel")
        .Add(GlobalIntents.StartOver, "opnieuw", "begin opnieuw", "start over", "restart")
        .Add(Menu, "menu", "start", "hallo", "hoi", "hello", "hi")
        .Add(Guide, "welke route", "welke route past bij mij", "gids", "guide", "which route", "which route fits me")
        .Add(Routes, "routes", "alle routes", "all routes")
        .Add(Confidants, "vertrouwenspersonen", "vertrouwenspersoon", "met wie kan ik praten", "confidants", "who can i talk to", "whom can i talk to")
        .Add(Book, "afspraak", "afspraak maken", "book", "book a talk")
        .Add(MyBookings, "mijn afspraken", "my bookings")
        .Add(WhatStored, "wat bewaar je", "wat bewaren jullie", "privacy", "what do you keep", "what do you store")
        .Add(ForgetMe, "vergeet mij", "vergeet me", "forget me")
        .Add(RosterAdmin, "beheer", "admin")
        .Add(Figures, "cijfers", "jaarcijfers", "figures")
        .Add(BookingAnswer);

    public static Interruptions CreateInterruptions(RouteCards routeCards)
    {
        var interruptions = new Interruptions(CreateRecognizer());
        interruptions.On(GlobalIntents.Help, async (interruption, ct) =>
        {
            var culture = Locales.FromActivityLocale(interruption.Context.Activity.Locale);
            await interruption.Context.SendActivityAsync(Activity.CreateMessage(Texts.Get(culture, "conversation.help")), ct).ConfigureAwait(false);
            await interruption.DialogContext.RepromptDialogAsync(ct).ConfigureAwait(false);
            return new DialogTurnResult(interruption.DialogContext.ActiveDialog is null ? DialogTurnStatus.Empty : DialogTurnStatus.Waiting);
        });
        interruptions.On(GlobalIntents.Cancel, async (interruption, ct) =>
        {
            await interruption.DialogContext.CancelAllDialogsAsync(ct).ConfigureAwait(false);
            var culture = Locales.FromActivityLocale(interruption.Context.Activity.Locale);
            await interruption.Context.SendActivityAsync(Activity.CreateMessage(Texts.Get(culture, "conversation.cancelled")), ct).ConfigureAwait(false);
            return new DialogTurnResult(DialogTurnStatus.Cancelled);
        });
        interruptions.On(GlobalIntents.StartOver, async (interruption, ct) =>
        {
            // "opnieuw" is a command, not a story: the root begins again and shows the menu, also after "stop".
            await interruption.DialogContext.CancelAllDialogsAsync(ct).ConfigureAwait(false);
            return await interruption.DialogContext.BeginDialogAsync(MainDialog.DialogId, new MainDialogOptions(Menu, null), ct).ConfigureAwait(false);
        });
        interruptions.On(WhatStored, async (interruption, ct) =>
        {
            var culture = Locales.FromActivityLocale(interruption.Context.Activity.Locale);
            await interruption.Context.SendActivityAsync(Activity.CreateMessage(null, routeCards.Privacy(culture)), ct).ConfigureAwait(false);
            await interruption.DialogContext.RepromptDialogAsync(ct).ConfigureAwait(false);
            return new DialogTurnResult(interruption.DialogContext.ActiveDialog is null ? DialogTurnStatus.Empty : DialogTurnStatus.Waiting);
        });

        foreach (var intent in DialogByIntent.Keys.Append(Menu))
        {
            interruptions.On(intent, async (interruption, ct) =>
            {
                // Whatever was going on is left: a new feature starts fresh from the root.
                var data = FeatureData(interruption.Context.Activity);
                await interruption.DialogContext.CancelAllDialogsAsync(ct).ConfigureAwait(false);
                return await interruption.DialogContext.BeginDialogAsync(MainDialog.DialogId, new MainDialogOptions(interruption.Intent, data), ct).ConfigureAwait(false);
            });
        }

        return interruptions;
    }

    /// <summary>What a button sent along with its command (e.g. the confidant to book), without the command itself.</summary>
    private static JsonObject? FeatureData(Activity activity)
    {
        if (SubmittedData.Get(activity) is not { } submitted)
        {
            return null;
        }

        var data = (JsonObject)submitted.DeepClone();
        data.Remove(CommandRecognizer.SubmitField);
        return data.Count == 0 ? null : data;
    }
}
