using System.Text.Json.Nodes;
using ConfidantBot.Booking.Dialogs;
using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.Presentation;
using ConfidantBot.Roster;

namespace ConfidantBot.Conversation;

/// <summary>Which feature to start, with what its button sent (ids and choices only).</summary>
public sealed record MainDialogOptions(string? Intent, JsonObject? Data);

/// <summary>
/// The root: shows the menu, starts the feature the person picks, and answers a typed story
/// kindly without reading or keeping it. Features register themselves as <see cref="Dialog"/>s.
/// </summary>
public sealed class MainDialog : ComponentDialog
{
    public const string DialogId = "main";
    private const string FlowId = "main.flow";
    private const string StartedFeature = "startedFeature";

    private readonly IHrAdminAuthorizer _admins;
    private readonly ConfirmationClaims? _confirmations;
    private readonly Figures.IFigureReaderAuthorizer? _figureReaders;

    public MainDialog(IEnumerable<Dialog> features, IHrAdminAuthorizer admins, ConfirmationClaims? confirmations = null, Figures.IFigureReaderAuthorizer? figureReaders = null)
        : base(DialogId)
    {
        _admins = admins;
        _confirmations = confirmations;
        _figureReaders = figureReaders;
        AddDialog(new WaterfallDialog(FlowId, [StartStepAsync, AfterStepAsync]));
        foreach (var feature in features)
        {
            AddDialog(feature);
        }

        InitialDialogId = FlowId;
    }

    /// <summary>The feature dialog a root instance is running (e.g. "booking"), or null at the menu.</summary>
    public static string? FeatureOf(DialogInstance rootInstance)
    {
        var inner = InnerStackOf(rootInstance);
        return inner.Count > 1 ? inner[1].Id : null;
    }

    /// <summary>
    /// A side trip begun on top of this feature ("mijn afspraken", "vergeet mij") has ended: the
    /// feature asks its question again, unless the person was just forgotten, then nothing is left to continue.
    /// </summary>
    public override async Task<DialogTurnResult> ResumeDialogAsync(DialogContext dc, DialogReason reason, object? result = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dc);
        if (dc.Context.TurnState.ContainsKey(ForgetMeDialog.ForgetConversationState))
        {
            return await dc.CancelAllDialogsAsync(cancellationToken).ConfigureAwait(false);
        }

        return await base.ResumeDialogAsync(dc, reason, result, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DialogTurnResult> StartStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var options = step.GetOptions<MainDialogOptions>();
        if (options?.Intent is { } intent && ConversationIntents.DialogByIntent.TryGetValue(intent, out var dialogId))
        {
            if (step.FindDialog(dialogId) is null)
            {
                await step.Context.SendActivityAsync(Activity.CreateMessage(Texts.Get(step.Context.Activity.Locale, "conversation.unavailable")), cancellationToken).ConfigureAwait(false);
                await SendMenuAsync(step, introKey: null, cancellationToken).ConfigureAwait(false);
                return Dialog.EndOfTurn;
            }

            step.SetValue(StartedFeature, true);
            return await step.BeginDialogAsync(dialogId, options.Data, cancellationToken).ConfigureAwait(false);
        }

        // A booking summary's "Ja" pressed again after its request was sent: "already sent", nothing else.
        if (options?.Intent is null && _confirmations is not null
            && await BookingDialog.TryAnswerRepeatedConfirmAsync(step.Context, _confirmations, cancellationToken).ConfigureAwait(false))
        {
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        // A typed command ("menu", "hallo") asked for the menu; only other typed text gets the story answer.
        var typedStory = options?.Intent is null && IsTypedStory(step.Context.Activity);
        await SendMenuAsync(step, typedStory ? "conversation.freeText" : null, cancellationToken).ConfigureAwait(false);
        return Dialog.EndOfTurn;
    }

    private async Task<DialogTurnResult> AfterStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.GetValue<bool>(StartedFeature))
        {
            return await step.EndDialogAsync(step.Result, cancellationToken).ConfigureAwait(false);
        }

        // Something that is not a command arrived while the menu was showing.
        return await step.ReplaceDialogAsync(FlowId, null, cancellationToken).ConfigureAwait(false);
    }

    private async Task SendMenuAsync(WaterfallStepContext step, string? introKey, CancellationToken cancellationToken)
    {
        var activity = step.Context.Activity;
        var culture = Locales.FromActivityLocale(activity.Locale);
        var isAdmin = await _admins.ShowsAdminMenuAsync(activity.TenantId, activity.From?.AadObjectId, cancellationToken).ConfigureAwait(false);

        // Figure readers (e.g. the griffier) get the figures button only; the figures dialog checks again.
        var canReadFigures = isAdmin || (_figureReaders is not null
            && await _figureReaders.ShowsFiguresMenuAsync(activity.TenantId, activity.From?.AadObjectId, cancellationToken).ConfigureAwait(false));
        var values = new CardValues().When("isAdmin", isAdmin).When("canReadFigures", canReadFigures).When("hasIntro", introKey is not null);
        if (introKey is not null)
        {
            values.Set("intro", Texts.Get(culture, introKey));
        }

        await step.Context.SendActivityAsync(Activity.CreateMessage(null, CardTemplates.Card("Conversation", "menu", values, culture)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Typed text that is no command: the person may be telling what happened.</summary>
    private static bool IsTypedStory(Activity activity)
        => activity.Type == ActivityTypes.Message && !string.IsNullOrWhiteSpace(activity.Text) && SubmittedData.Get(activity) is null;
}
