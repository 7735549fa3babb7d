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

    /// <summary>
    /// Features that are a look aside: begun while another feature is unfinished, they run on top
    /// of it, and when they end that feature asks its question again. Every other feature command
    /// leaves what was going on and starts fresh.
    /// </summary>
    private static readonly HashSet<string> SideTrips = new(StringComparer.Ordinal) { MyBookings, ForgetMe };

    /// <summary>
    /// Every command, handled here once for every dialog: "help" and "wat bewaar je" answer and
    /// ask the open question again; "mijn afspraken" and "vergeet mij" are side trips; "stop"
    /// ends everything; "opnieuw", "menu" and the other features leave what was going on.
    /// </summary>
    public static Interruptions CreateInterruptions(RouteCards routeCards)
    {
        var interruptions = new Interruptions(CreateRecognizer());
        interruptions.On(GlobalIntents.Help, async (interruption, ct) =>
        {
            await SayAsync(interruption, "conversation.help", ct).ConfigureAwait(false);
            return await RepromptOrMenuAsync(interruption, ct).ConfigureAwait(false);
        });
        interruptions.On(GlobalIntents.Cancel, async (interruption, ct) =>
        {
            // With nothing going on, "Gestopt" would sound as if something the person sent (a booking) was undone.
            var busy = UnfinishedFeature(interruption.DialogContext) is not null;
            await interruption.DialogContext.CancelAllDialogsAsync(ct).ConfigureAwait(false);
            await SayAsync(interruption, busy ? "conversation.cancelled" : "conversation.nothingToStop", ct).ConfigureAwait(false);
            return new DialogTurnResult(DialogTurnStatus.Cancelled);
        });
        interruptions.On(GlobalIntents.StartOver, async (interruption, ct) => await StartFreshAsync(interruption, Menu, null, ct).ConfigureAwait(false));
        interruptions.On(WhatStored, async (interruption, ct) =>
        {
            var culture = Locales.FromActivityLocale(interruption.Context.Activity.Locale);
            await interruption.Context.SendActivityAsync(Activity.CreateMessage(null, routeCards.Privacy(culture)), ct).ConfigureAwait(false);
            if (UnfinishedFeature(interruption.DialogContext) is null)
            {
                return new DialogTurnResult(DialogTurnStatus.Empty);
            }

            await interruption.DialogContext.RepromptDialogAsync(ct).ConfigureAwait(false);
            return Dialog.EndOfTurn;
        });

        foreach (var intent in DialogByIntent.Keys.Append(Menu))
        {
            interruptions.On(intent, async (interruption, ct) =>
            {
                var data = FeatureData(interruption.Context.Activity);
                var dc = interruption.DialogContext;
                if (SideTrips.Contains(intent) && UnfinishedFeature(dc) is { } unfinished && unfinished != DialogByIntent[intent])
                {
                    // An earlier side trip gives way; the unfinished feature at the bottom stays.
                    while (dc.Stack.Count > 1)
                    {
                        await dc.CancelActiveDialogAsync(ct).ConfigureAwait(false);
                    }

                    return await dc.BeginDialogAsync(MainDialog.DialogId, new MainDialogOptions(intent, data), ct).ConfigureAwait(false);
                }

                return await StartFreshAsync(interruption, intent, data, ct).ConfigureAwait(false);
            });
        }

        return interruptions;
    }

    /// <summary>The feature left unfinished at the bottom of the stack (e.g. "booking"), or null when the person is at the menu or nowhere.</summary>
    private static string? UnfinishedFeature(DialogContext dc) => dc.Stack.Count > 0 ? MainDialog.FeatureOf(dc.Stack[0]) : null;

    /// <summary>Whatever was going on is left (its cleanup runs): the root begins again with this intent.</summary>
    private static async Task<DialogTurnResult> StartFreshAsync(InterruptionContext interruption, string intent, JsonObject? data, CancellationToken cancellationToken)
    {
        await interruption.DialogContext.CancelAllDialogsAsync(cancellationToken).ConfigureAwait(false);
        return await interruption.DialogContext.BeginDialogAsync(MainDialog.DialogId, new MainDialogOptions(intent, data), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The open question again; with none open, the menu (the buttons the help text points to).</summary>
    private static async Task<DialogTurnResult> RepromptOrMenuAsync(InterruptionContext interruption, CancellationToken cancellationToken)
    {
        if (UnfinishedFeature(interruption.DialogContext) is null)
        {
            return await StartFreshAsync(interruption, Menu, null, cancellationToken).ConfigureAwait(false);
        }

        await interruption.DialogContext.RepromptDialogAsync(cancellationToken).ConfigureAwait(false);
        return Dialog.EndOfTurn;
    }

    private static Task SayAsync(InterruptionContext interruption, string key, CancellationToken cancellationToken)
        => interruption.Context.SendActivityAsync(Activity.CreateMessage(Texts.Get(Locales.FromActivityLocale(interruption.Context.Activity.Locale), key)), cancellationToken);

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
