using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConfidantBot.Booking.Calendar;
using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.BotFramework.Dialogs.Prompts;
using ConfidantBot.BotFramework.Hosting;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.Presentation;
using ConfidantBot.Privacy.Keys;
using ConfidantBot.Privacy.Retention;
using ConfidantBot.Privacy.Sealing;
using ConfidantBot.Roster;
using Microsoft.Extensions.Options;

namespace ConfidantBot.Booking.Dialogs;

/// <summary>
/// The booking conversation: a confidant (or whoever is free first), a time, how to meet, a
/// pseudonym, a phone number when the confidant calls, then a summary of exactly what the
/// confidant will see, and confirm. No topic is asked: the confidant does not need one to hold the
/// talk, and the event lies in the municipality's service mailbox. Typed text is sealed into a draft the moment
/// it arrives; dialog state holds only ids and choices.
/// </summary>
public sealed partial class BookingDialog : ComponentDialog
{
    public new const string Id = "booking";

    /// <summary>The choice id of "first available".</summary>
    public const string AnyConfidant = "any";

    public const string LaterChoice = "later";

    /// <summary>The field of the summary's "Ja" button that names its draft, so a repeated press is recognised even after the dialog ended.</summary>
    public const string DraftField = "bookingDraft";

    /// <summary>How long a repeated press waits for the first one to finish sending.</summary>
    private static readonly TimeSpan RepeatedPressWait = TimeSpan.FromSeconds(15);

    internal const string FlowId = "booking.flow";
    internal const string SlotsId = "booking.slots";
    internal const string ConfirmId = "booking.confirm";
    private const string ConfidantPromptId = "booking.confidantPrompt";
    private const string SlotPromptId = "booking.slotPrompt";
    private const string ModePromptId = "booking.modePrompt";
    private const string PseudonymPromptId = "booking.pseudonymPrompt";
    private const string PhonePromptId = "booking.phonePrompt";
    private const string ConfirmPromptId = "booking.confirmPrompt";

    /// <summary>How many upcoming slots are kept for paging: enough for several pages, small in state.</summary>
    private const int MaxSlotsKept = 60;

    private readonly BookingService _bookings;
    private readonly RosterStore _roster;
    private readonly BookingDraftStore _drafts;
    private readonly BookingMessages _messages;
    private readonly BookingOptions _options;
    private readonly RetentionOptions _retention;
    private readonly ConfirmationClaims _claims;
    private readonly ILogger<BookingDialog> _logger;

    public BookingDialog(
        BookingService bookings,
        RosterStore roster,
        BookingDraftStore drafts,
        BookingMessages messages,
        IOptions<BookingOptions> options,
        IOptions<RetentionOptions> retention,
        ConfirmationClaims claims,
        ILogger<BookingDialog> logger)
        : base(Id)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(retention);
        _bookings = bookings;
        _roster = roster;
        _drafts = drafts;
        _messages = messages;
        _options = options.Value;
        _retention = retention.Value;
        _claims = claims;
        _logger = logger;

        AddDialog(new WaterfallDialog(FlowId)
            .AddStep(ChooseConfidantAsync)
            .AddStep(OfferSlotsAsync)
            .AddStep(ChooseModeAsync)
            .AddStep(AskPseudonymAsync)
            .AddStep(SealPseudonymAsync)
            .AddStep(SealPhoneAndConfirmAsync)
            .AddStep((step, ct) => step.EndDialogAsync(step.Result, ct))
            .OnCancelled(DeleteDraftOnCancelAsync));
        AddDialog(new WaterfallDialog(SlotsId)
            .AddStep(ShowSlotPageAsync)
            .AddStep(TakeSlotOrPageOnAsync));
        AddDialog(new WaterfallDialog(ConfirmId)
            .AddStep(ShowSummaryAsync)
            .AddStep(BookAsync)
            .AddStep(RetryWithFreshSlotAsync));
        AddDialog(new ChoicePrompt(ConfidantPromptId));
        AddDialog(new ChoicePrompt(SlotPromptId));
        AddDialog(new ChoicePrompt(ModePromptId));
        AddDialog(new PseudonymPrompt(PseudonymPromptId, ValidatePseudonymAsync));
        AddDialog(new PhoneNumberPrompt(PhonePromptId, (context, _) => Task.FromResult(
            context.Recognized.Value is { } answer && (PhoneNumberPrompt.IsOtherMode(answer) || PhoneNumberRules.IsPlausible(answer)))));
        AddDialog(new ConfirmPrompt(ConfirmPromptId));
        InitialDialogId = FlowId;
    }

    /// <summary>The ways to meet this confidant offers: phone-person-calls needs their number, in person their office.</summary>
    public static IReadOnlyList<MeetingMode> SupportedModes(Confidant confidant)
    {
        ArgumentNullException.ThrowIfNull(confidant);
        // "I call the confidant" comes before "the confidant calls me": it keeps the person's number out of every calendar.
        var modes = new List<MeetingMode> { MeetingMode.Online };
        if (!string.IsNullOrWhiteSpace(confidant.PhoneNumber))
        {
            modes.Add(MeetingMode.PhonePersonCalls);
        }

        modes.Add(MeetingMode.PhoneConfidantCalls);

        if (!string.IsNullOrWhiteSpace(confidant.OfficeAddress))
        {
            modes.Add(MeetingMode.InPerson);
        }

        return modes;
    }

    private static CultureInfo Culture(DialogContext dc) => Locales.FromActivityLocale(dc.Context.Activity.Locale);

    private static Task SayAsync(DialogContext dc, string key, CancellationToken cancellationToken, params object?[] arguments)
        => dc.Context.SendActivityAsync(Activity.CreateMessage(arguments.Length == 0 ? Texts.Get(Culture(dc), key) : Texts.Format(Culture(dc), key, arguments)), cancellationToken);

    private async Task<DialogTurnResult> ChooseConfidantAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var options = ReadOptions(step);
        step.SetValue("audience", options.Audience);
        step.SetValue("kind", options.Kind);
        if (PersonIdentity.From(step.Context.Activity) is null)
        {
            await SayAsync(step, "booking.noIdentity", cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        var confidants = OfKind(await _roster.ListForAudienceAsync(options.Audience, cancellationToken).ConfigureAwait(false), options.Kind);
        if (confidants.Count == 0)
        {
            await SayAsync(step, "booking.noConfidants", cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        if (options.ConfidantId is { } chosen && confidants.Any(c => c.Id == chosen))
        {
            return await step.NextAsync(chosen, cancellationToken).ConfigureAwait(false);
        }

        var culture = Culture(step);
        var items = confidants.Select(confidant => CardTemplates.Bind("Booking", "confidant-item", new CardValues()
            .Set("id", confidant.Id)
            .Set("name", confidant.DisplayName)
            .Set("organisation", confidant.Organisation)
            .Set("kind", Texts.Get(culture, confidant.Kind == ConfidantKind.Internal ? "booking.confidant.internal" : "booking.confidant.external"))
            .Set("bio", confidant.Bio.For(culture.Name))
            .Set("choose", Texts.Format(culture, "booking.confidant.choose", ConfidantLabel(culture, confidant))), culture));
        var card = CardTemplates.Card("Booking", "confidants", new CardValues().SetList("confidants", items), culture);
        return await step.PromptAsync(ConfidantPromptId, new PromptOptions
        {
            Prompt = Activity.CreateMessage(null, card),
            RetryPrompt = Activity.CreateMessage(Texts.Get(culture, "booking.confidant.retry")),
            Choices = [.. confidants.Select(c => new Choice(c.Id, c.DisplayName)), new Choice(AnyConfidant, Texts.Get(culture, "booking.confidant.firstAvailable"))],
            Style = ListStyle.None,
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DialogTurnResult> OfferSlotsAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var choice = step.Result switch
        {
            FoundChoice found => found.Id,
            string id => id,
            _ => AnyConfidant,
        };
        step.SetValue("confidant", choice);
        var audience = step.GetValue<Audience>("audience");
        var slots = await LoadSlotsAsync(choice, audience, step.GetValue<ConfidantKind?>("kind"), mode: null, cancellationToken).ConfigureAwait(false);
        if (slots.Count == 0)
        {
            await SayAsync(step, "booking.slot.none", cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        return await step.BeginDialogAsync(SlotsId, new SlotPageOptions(slots, 0, choice == AnyConfidant), cancellationToken).ConfigureAwait(false);
    }

    private async Task<DialogTurnResult> ChooseModeAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is not SlotChoice slot || await _roster.FindAsync(slot.ConfidantId, cancellationToken).ConfigureAwait(false) is not { } confidant)
        {
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        step.SetValue("slot", slot);
        var culture = Culture(step);
        return await step.PromptAsync(ModePromptId, new PromptOptions
        {
            Prompt = Activity.CreateMessage(Texts.Get(culture, "booking.mode.title")),
            RetryPrompt = Activity.CreateMessage(Texts.Get(culture, "booking.mode.retry")),
            Choices = [.. SupportedModes(confidant).Select(mode => new Choice(mode.ToString(), Texts.Get(culture, "booking.mode." + mode)))],
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DialogTurnResult> AskPseudonymAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var mode = Enum.Parse<MeetingMode>(((FoundChoice)step.Result!).Id);
        step.SetValue("mode", mode);
        var culture = Culture(step);
        var suggestion = PseudonymRules.Suggest();
        var card = PromptCards.ButtonCard(
            Texts.Get(culture, "booking.pseudonym.title"),
            [(Texts.Format(culture, "booking.pseudonym.use", suggestion), new JsonObject { [PseudonymPrompt.SubmitField] = suggestion })]);
        return await step.PromptAsync(PseudonymPromptId, new PromptOptions { Prompt = Activity.CreateMessage(null, card), Style = ListStyle.None }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> ValidatePseudonymAsync(PromptValidatorContext<string> context, CancellationToken cancellationToken)
    {
        var locale = context.Context.Activity.Locale;
        if (PseudonymRules.Problem(context.Recognized.Value) is { } problem)
        {
            context.RetryPrompt = Activity.CreateMessage(Texts.Get(locale, problem));
            return false;
        }

        var roster = await _roster.ReadAsync(cancellationToken).ConfigureAwait(false);
        var check = new PseudonymNameCheck(roster.Confidants.Select(c => c.DisplayName).Concat(roster.Contacts.SelectMany(c => new[] { c.Name.Nl, c.Name.En })));
        if (!check.LooksLikeAName(context.Recognized.Value!))
        {
            return true;
        }

        // Kindly, with a name ready to take: the person did nothing wrong.
        var culture = Locales.FromActivityLocale(locale);
        var suggestion = PseudonymRules.Suggest();
        context.RetryPrompt = Activity.CreateMessage(null, PromptCards.ButtonCard(
            Texts.Get(culture, "booking.pseudonym.looksLikeName"),
            [(Texts.Format(culture, "booking.pseudonym.use", suggestion), new JsonObject { [PseudonymPrompt.SubmitField] = suggestion })]));
        return false;
    }

    private async Task<DialogTurnResult> SealPseudonymAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var pseudonym = (string)step.Result!;
        var mode = step.GetValue<MeetingMode>("mode");
        var person = PersonIdentity.From(step.Context.Activity)!;
        try
        {
            var draftId = await _drafts.SaveAsync(null, step.Context.Activity.GetConversationReference(), person, pseudonym, mode, null, cancellationToken).ConfigureAwait(false);
            step.SetValue("draft", draftId);
        }
        catch (KeyUnavailableException)
        {
            LogKeysUnavailable(_logger);
            await SayAsync(step, "booking.tryLater", cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        if (mode == MeetingMode.PhoneConfidantCalls)
        {
            // Before a digit is typed: where the number goes, that it identifies, and the way without it first.
            var culture = Culture(step);
            var confidant = await _roster.FindAsync(step.GetValue<SlotChoice>("slot")!.ConfidantId, cancellationToken).ConfigureAwait(false);
            var otherMode = confidant is not null && SupportedModes(confidant).Contains(MeetingMode.PhonePersonCalls) ? MeetingMode.PhonePersonCalls : MeetingMode.Online;
            var card = PromptCards.ButtonCard(
                Texts.Get(culture, "booking.phone.title"),
                [(Texts.Get(culture, "booking.phone.instead" + otherMode), new JsonObject { [PhoneNumberPrompt.OtherModeField] = otherMode.ToString() })]);
            return await step.PromptAsync(PhonePromptId, new PromptOptions
            {
                Prompt = Activity.CreateMessage(null, card),
                RetryPrompt = Activity.CreateMessage(Texts.Get(culture, "booking.phone.retry")),
                Style = ListStyle.None,
            }, cancellationToken).ConfigureAwait(false);
        }

        return await step.NextAsync(null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DialogTurnResult> SealPhoneAndConfirmAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var draftId = step.GetValue<string>("draft")!;
        var person = PersonIdentity.From(step.Context.Activity)!;
        if (step.Result is string answer && PhoneNumberPrompt.OtherMode(answer) is { } otherMode)
        {
            // "I will call the confidant" (or online) instead: no number is asked or kept.
            step.SetValue("mode", otherMode);
            try
            {
                if (await OpenDraftAsync(draftId, cancellationToken).ConfigureAwait(false) is not { } draft)
                {
                    // Expired is unreadable, not yet gone from the file: delete it now, as the message says.
                    return await GiveUpAsync(step, draftId, "booking.draftExpired", cancellationToken).ConfigureAwait(false);
                }

                await _drafts.SaveAsync(draftId, step.Context.Activity.GetConversationReference(), person, draft.Pseudonym, otherMode, null, cancellationToken).ConfigureAwait(false);
            }
            catch (KeyUnavailableException)
            {
                return await GiveUpAsync(step, draftId, "booking.tryLater", cancellationToken).ConfigureAwait(false);
            }
        }
        else if (step.Result is string phoneNumber)
        {
            try
            {
                if (await OpenDraftAsync(draftId, cancellationToken).ConfigureAwait(false) is not { } draft)
                {
                    // Expired is unreadable, not yet gone from the file: delete it now, as the message says.
                    return await GiveUpAsync(step, draftId, "booking.draftExpired", cancellationToken).ConfigureAwait(false);
                }

                await _drafts.SaveAsync(draftId, step.Context.Activity.GetConversationReference(), person, draft.Pseudonym, draft.ContactMode, phoneNumber, cancellationToken).ConfigureAwait(false);
            }
            catch (KeyUnavailableException)
            {
                return await GiveUpAsync(step, draftId, "booking.tryLater", cancellationToken).ConfigureAwait(false);
            }
        }

        var choices = new BookingChoices(
            step.GetValue<string>("confidant")!,
            step.GetValue<Audience>("audience"),
            step.GetValue<SlotChoice>("slot")!,
            step.GetValue<MeetingMode>("mode"),
            draftId,
            step.GetValue<ConfidantKind?>("kind"));
        return await step.BeginDialogAsync(ConfirmId, choices, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DialogTurnResult> ShowSlotPageAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var page = step.GetOptions<SlotPageOptions>()!;
        var culture = Culture(step);
        var first = page.Page * _options.SlotsPerPage;
        var shown = page.Slots.Skip(first).Take(_options.SlotsPerPage).ToList();
        var names = page.ShowConfidant
            ? (await _roster.ReadAsync(cancellationToken).ConfigureAwait(false)).Confidants.ToDictionary(c => c.Id, c => ConfidantLabel(culture, c))
            : new Dictionary<string, string>();
        var choices = shown.Select((slot, i) =>
        {
            var time = _messages.Time(slot.Start, culture.Name);
            var title = names.TryGetValue(slot.ConfidantId, out var name) ? Texts.Format(culture, "booking.slot.withConfidant", time, name) : time;
            return new Choice((first + i).ToString(CultureInfo.InvariantCulture), title);
        }).ToList();
        if (first + shown.Count < page.Slots.Count)
        {
            choices.Add(new Choice(LaterChoice, Texts.Get(culture, "booking.slot.later")));
        }

        return await step.PromptAsync(SlotPromptId, new PromptOptions
        {
            Prompt = Activity.CreateMessage(Texts.Get(culture, "booking.slot.title")),
            RetryPrompt = Activity.CreateMessage(Texts.Get(culture, "booking.slot.retry")),
            Choices = choices,
        }, cancellationToken).ConfigureAwait(false);
    }

    private Task<DialogTurnResult> TakeSlotOrPageOnAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var page = step.GetOptions<SlotPageOptions>()!;
        var found = (FoundChoice)step.Result!;
        return found.Id == LaterChoice
            ? step.ReplaceDialogAsync(SlotsId, page with { Page = page.Page + 1 }, cancellationToken)
            : step.EndDialogAsync(page.Slots[int.Parse(found.Id, CultureInfo.InvariantCulture)], cancellationToken);
    }

    private async Task<DialogTurnResult> ShowSummaryAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var choices = step.GetOptions<BookingChoices>()!;
        var culture = Culture(step);
        RoutingRecord? draft;
        try
        {
            draft = await OpenDraftAsync(choices.DraftId, cancellationToken).ConfigureAwait(false);
        }
        catch (KeyUnavailableException)
        {
            return await GiveUpAsync(step, choices.DraftId, "booking.tryLater", cancellationToken).ConfigureAwait(false);
        }

        var confidant = await _roster.FindAsync(choices.Slot.ConfidantId, cancellationToken).ConfigureAwait(false);
        if (draft is null || confidant is not { Active: true })
        {
            return await GiveUpAsync(step, choices.DraftId, draft is null ? "booking.draftExpired" : "booking.slot.none", cancellationToken).ConfigureAwait(false);
        }

        // Sent as its own message, never as the prompt: prompts are kept in state, and this card shows typed text.
        var summary = CardTemplates.Card("Booking", "summary", new CardValues()
            .Set("pseudonym", draft.Pseudonym)
            .Set("time", _messages.Time(choices.Slot.Start, culture.Name))
            .Set("mode", SummaryModeText(culture, choices.Mode, draft, confidant))
            .Set("confidant", ConfidantLabel(culture, confidant)), culture);
        await step.Context.SendActivityAsync(Activity.CreateMessage(null, summary), cancellationToken).ConfigureAwait(false);
        var question = PromptCards.ButtonCard(Texts.Get(culture, "booking.confirm.question"),
        [
            (Texts.Get(culture, "booking.confirm.yes"), new JsonObject { [ConfirmPrompt.SubmitField] = true, [DraftField] = choices.DraftId }),
            (Texts.Get(culture, "booking.confirm.no"), new JsonObject { [ConfirmPrompt.SubmitField] = false }),
        ]);
        return await step.PromptAsync(ConfirmPromptId, new PromptOptions
        {
            Prompt = Activity.CreateMessage(null, question),
            RetryPrompt = Activity.CreateMessage(Texts.Get(culture, "booking.confirm.retry")),
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DialogTurnResult> BookAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var choices = step.GetOptions<BookingChoices>()!;
        if (step.Result is not true)
        {
            return await GiveUpAsync(step, choices.DraftId, "booking.confirm.stopped", cancellationToken).ConfigureAwait(false);
        }

        var activity = step.Context.Activity;
        var person = PersonIdentity.From(activity)!;
        BookingConfirmation confirmation;
        try
        {
            // A second press of "Ja" (double click, or a retried submit) sends nothing more: it is told the first one's reference.
            if (!await _claims.TryClaimAsync(choices.DraftId, cancellationToken).ConfigureAwait(false))
            {
                await TellAlreadySentAsync(step.Context, _claims, choices.DraftId, cancellationToken).ConfigureAwait(false);
                return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (KeyUnavailableException)
        {
            return await GiveUpAsync(step, choices.DraftId, "booking.tryLater", cancellationToken).ConfigureAwait(false);
        }

        try
        {
            if (await OpenDraftAsync(choices.DraftId, cancellationToken).ConfigureAwait(false) is not { } draft)
            {
                return await GiveUpAsync(step, choices.DraftId, "booking.draftExpired", cancellationToken).ConfigureAwait(false);
            }

            var request = new BookingRequest(choices.Slot.ConfidantId, choices.Slot.Start, choices.Mode, draft.Pseudonym, draft.PhoneNumber, choices.Audience);
            confirmation = await _bookings.BookAsync(request, activity.GetConversationReference(), person.TenantId, person.AadObjectId, cancellationToken).ConfigureAwait(false);
        }
        catch (SlotTakenException)
        {
            await _claims.ReleaseAsync(choices.DraftId).ConfigureAwait(false);
            await SayAsync(step, "booking.slotTaken", cancellationToken).ConfigureAwait(false);
            var fresh = await LoadSlotsAsync(choices.ConfidantChoice, choices.Audience, choices.Kind, choices.Mode, cancellationToken).ConfigureAwait(false);
            if (fresh.Count == 0)
            {
                return await GiveUpAsync(step, choices.DraftId, "booking.slot.none", cancellationToken).ConfigureAwait(false);
            }

            return await step.BeginDialogAsync(SlotsId, new SlotPageOptions(fresh, 0, choices.ConfidantChoice == AnyConfidant), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is KeyUnavailableException or CalendarUnavailableException)
        {
            await _claims.ReleaseAsync(choices.DraftId).ConfigureAwait(false);
            LogBookingUnavailable(_logger, exception.GetType().Name);
            return await GiveUpAsync(step, choices.DraftId, "booking.tryLater", cancellationToken).ConfigureAwait(false);
        }
        catch (CalendarAccessDeniedException)
        {
            await _claims.ReleaseAsync(choices.DraftId).ConfigureAwait(false);
            // The calendar provider has logged the configuration error for the administrator.
            return await GiveUpAsync(step, choices.DraftId, "booking.calendarDenied", cancellationToken).ConfigureAwait(false);
        }

        await _claims.CompleteAsync(choices.DraftId, confirmation.ReferenceCode, CancellationToken.None).ConfigureAwait(false);
        step.Context.TurnState[Conversation.ConfidantBotHandler.StateConflictHarmless] = true;
        await _drafts.DeleteAsync(choices.DraftId, person, cancellationToken).ConfigureAwait(false);
        var confidant = await _roster.FindAsync(choices.Slot.ConfidantId, cancellationToken).ConfigureAwait(false);
        await step.Context.SendActivityAsync(Activity.CreateMessage(null, ConfirmationCard(Culture(step), confirmation, confidant)), cancellationToken).ConfigureAwait(false);
        return await step.EndDialogAsync(confirmation.ReferenceCode, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A "Ja" of a summary whose request was already sent (pressed twice, or arriving after the
    /// dialog ended): says "already sent" with the reference, and nothing else. False when the
    /// activity is no such press.
    /// </summary>
    public static async Task<bool> TryAnswerRepeatedConfirmAsync(ITurnContext turnContext, ConfirmationClaims claims, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(claims);
        if (SubmittedData.GetString(turnContext.Activity, DraftField) is not { Length: > 0 } draftId
            || SubmittedData.Get(turnContext.Activity)?[ConfirmPrompt.SubmitField]?.GetValueKind() != System.Text.Json.JsonValueKind.True)
        {
            return false;
        }

        try
        {
            var (claimed, _) = await claims.FindAsync(draftId, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            if (!claimed)
            {
                return false;
            }
        }
        catch (KeyUnavailableException)
        {
            return false;
        }

        await TellAlreadySentAsync(turnContext, claims, draftId, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static async Task TellAlreadySentAsync(ITurnContext turnContext, ConfirmationClaims claims, string draftId, CancellationToken cancellationToken)
    {
        var (_, reference) = await claims.FindAsync(draftId, RepeatedPressWait, cancellationToken).ConfigureAwait(false);
        var culture = Locales.FromActivityLocale(turnContext.Activity.Locale);
        var text = reference is null ? Texts.Get(culture, "booking.confirm.alreadySentNoReference") : Texts.Format(culture, "booking.confirm.alreadySent", reference);

        // The first press ends the same dialog and keeps its outcome in the booking store: if its state save wins, nothing is lost.
        turnContext.TurnState[Conversation.ConfidantBotHandler.StateConflictHarmless] = true;
        await turnContext.SendActivityAsync(Activity.CreateMessage(text), cancellationToken).ConfigureAwait(false);
    }

    private Task<DialogTurnResult> RetryWithFreshSlotAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var choices = step.GetOptions<BookingChoices>()!;
        return step.Result is SlotChoice slot
            ? step.ReplaceDialogAsync(ConfirmId, choices with { Slot = slot }, cancellationToken)
            : GiveUpAsync(step, choices.DraftId, "booking.confirm.stopped", cancellationToken);
    }

    private async Task<List<SlotChoice>> LoadSlotsAsync(string confidantChoice, Audience audience, ConfidantKind? kind, MeetingMode? mode, CancellationToken cancellationToken)
    {
        var confidants = OfKind(await _roster.ListForAudienceAsync(audience, cancellationToken).ConfigureAwait(false), kind)
            .Where(c => confidantChoice == AnyConfidant || c.Id == confidantChoice)
            .Where(c => mode is null || SupportedModes(c).Contains(mode.Value))
            .ToList();
        if (confidants.Count == 0)
        {
            return [];
        }

        var slots = await _bookings.FindSlotsAsync(confidants, cancellationToken).ConfigureAwait(false);
        return [.. slots.Take(MaxSlotsKept).Select(SlotChoice.From)];
    }

    /// <summary>
    /// How this booking was begun: a confidant's button (<c>confidantId</c>), or a route's button with
    /// the audience and kind of confidant that route offers. Card data that does not fit (an old or
    /// forged card) starts a plain booking for employees.
    /// </summary>
    private static BookingDialogOptions ReadOptions(WaterfallStepContext step)
    {
        try
        {
            return step.GetOptions<BookingDialogOptions>() ?? new BookingDialogOptions(null, Audience.Employees);
        }
        catch (JsonException)
        {
            return new BookingDialogOptions(null, Audience.Employees);
        }
    }

    private static List<Confidant> OfKind(IReadOnlyList<Confidant> confidants, ConfidantKind? kind) =>
        [.. confidants.Where(confidant => kind is null || confidant.Kind == kind)];

    /// <summary>The confidant's name as every button and the summary show it: an internal confidant is always marked as internal.</summary>
    internal static string ConfidantLabel(CultureInfo culture, Confidant confidant) =>
        confidant.Kind == ConfidantKind.Internal ? Texts.Format(culture, "booking.confidant.nameInternal", confidant.DisplayName) : confidant.DisplayName;

    private async Task<RoutingRecord?> OpenDraftAsync(string draftId, CancellationToken cancellationToken)
    {
        try
        {
            return await _drafts.OpenAsync(draftId, cancellationToken).ConfigureAwait(false);
        }
        catch (SealedRecordException)
        {
            return null;
        }
    }

    /// <summary>"Stop", "opnieuw" or another feature left the booking half way: the sealed draft goes at once, as the stop message says.</summary>
    private Task DeleteDraftOnCancelAsync(ITurnContext turnContext, JsonObject values, CancellationToken cancellationToken)
        => values["draft"] is JsonValue draft && draft.TryGetValue<string>(out var draftId) && PersonIdentity.From(turnContext.Activity) is { } person
            ? _drafts.DeleteAsync(draftId, person, cancellationToken)
            : Task.CompletedTask;

    private async Task<DialogTurnResult> GiveUpAsync(WaterfallStepContext step, string? draftId, string messageKey, CancellationToken cancellationToken)
    {
        if (PersonIdentity.From(step.Context.Activity) is { } person)
        {
            await _drafts.DeleteAsync(draftId, person, cancellationToken).ConfigureAwait(false);
        }

        await SayAsync(step, messageKey, cancellationToken).ConfigureAwait(false);
        return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
    }

    private static string SummaryModeText(CultureInfo culture, MeetingMode mode, RoutingRecord draft, Confidant confidant) => mode switch
    {
        MeetingMode.Online => Texts.Get(culture, "booking.summary.modeOnline"),
        MeetingMode.PhoneConfidantCalls => Texts.Format(culture, "booking.summary.modePhoneConfidantCalls", PhoneNumberRules.Masked(draft.PhoneNumber)),
        MeetingMode.PhonePersonCalls => Texts.Format(culture, "booking.summary.modePhonePersonCalls", confidant.PhoneNumber),
        _ => Texts.Format(culture, "booking.summary.modeInPerson", confidant.OfficeAddress),
    };

    private Attachment ConfirmationCard(CultureInfo culture, BookingConfirmation confirmation, Confidant? confidant)
    {
        var how = confirmation.Mode switch
        {
            MeetingMode.Online when confirmation.JoinUrl is { } url => Texts.Format(culture, "booking.done.joinOnline", url),
            MeetingMode.Online => Texts.Get(culture, "booking.done.joinLater"),
            MeetingMode.PhoneConfidantCalls => Texts.Get(culture, "booking.done.phoneConfidantCalls"),
            MeetingMode.PhonePersonCalls => Texts.Format(culture, "booking.done.phonePersonCalls", confidant?.PhoneNumber),
            _ => Texts.Format(culture, "booking.done.inPerson", confidant?.OfficeAddress),
        };
        var values = new CardValues()
            .Set("reference", confirmation.ReferenceCode)
            .Set("time", _messages.Time(confirmation.Start, culture.Name))
            .Set("how", how)
            .Set("next", Texts.Format(culture, "booking.done.next", confirmation.ConfidantName))
            .Set("stored", Texts.Format(culture, "booking.done.stored", _retention.DaysAfterAppointment));
        if (confirmation.JoinUrl is { } joinUrl && Uri.TryCreate(joinUrl, UriKind.Absolute, out var absolute) && absolute.Scheme is "https" or "http")
        {
            values.Set("joinUrl", joinUrl).When("joinLink");
        }

        return CardTemplates.Card("Booking", "confirmation", values, culture);
    }

    [LoggerMessage(EventId = 421, Level = LogLevel.Warning, Message = "A booking could not be made now ({ExceptionType}); the person was asked to try again later.")]
    private static partial void LogBookingUnavailable(ILogger logger, string exceptionType);

    [LoggerMessage(EventId = 422, Level = LogLevel.Warning, Message = "The keys are unavailable; the booking conversation stopped before storing anything.")]
    private static partial void LogKeysUnavailable(ILogger logger);
}
