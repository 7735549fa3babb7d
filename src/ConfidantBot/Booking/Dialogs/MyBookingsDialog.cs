using System.Globalization;
using ConfidantBot.Booking.Calendar;
using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.BotFramework.Dialogs.Prompts;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.Presentation;
using ConfidantBot.Privacy.Keys;
using ConfidantBot.Roster;
using NodaTime;

namespace ConfidantBot.Booking.Dialogs;

/// <summary>
/// "My bookings": per booking the reference, the confidant (name, internal or external), date and
/// time with the year, the way of meeting, the join link, the status as the relay last heard it,
/// a pending proposal or decline with its choices, and a cancel button; cancelling asks to
/// confirm, then cancels the event, tells the confidant and deletes the routing. The buttons and
/// the state carry reference codes only; each one is found again through the person's keyed hash,
/// so conversation state never holds a booking id.
/// </summary>
public sealed partial class MyBookingsDialog : ComponentDialog
{
    public new const string Id = "myBookings";

    public const string DoneChoice = "done";

    private const string FlowId = "myBookings.flow";
    private const string PickPromptId = "myBookings.pickPrompt";
    private const string ConfirmPromptId = "myBookings.confirmPrompt";

    private readonly BookingService _bookings;
    private readonly BookingMessages _messages;
    private readonly RosterStore _roster;
    private readonly TimeProvider _clock;
    private readonly ILogger<MyBookingsDialog> _logger;

    public MyBookingsDialog(BookingService bookings, BookingMessages messages, RosterStore roster, TimeProvider clock, ILogger<MyBookingsDialog> logger)
        : base(Id)
    {
        _bookings = bookings;
        _messages = messages;
        _roster = roster;
        _clock = clock;
        _logger = logger;
        AddDialog(new WaterfallDialog(FlowId)
            .AddStep(ListAsync)
            .AddStep(ConfirmCancelAsync)
            .AddStep(CancelAsync));
        AddDialog(new ChoicePrompt(PickPromptId));
        AddDialog(new ConfirmPrompt(ConfirmPromptId) { TitlesForLocale = Texts.YesNo });
        InitialDialogId = FlowId;
    }

    /// <summary>A talk still to come that stands as booked (a proposal and a decline have their own choices).</summary>
    private static bool IsCancellable(BookingRecord booking, Instant now)
        => booking.Status is not (BookingStatus.Cancelled or BookingStatus.Declined or BookingStatus.NewTimeProposed) && !HasPassed(booking, now);

    /// <summary>
    /// The talk's time is over: whatever the last answer was, nothing can be joined, cancelled or
    /// chosen any more (a decline and a cancellation keep saying so).
    /// </summary>
    private static bool HasPassed(BookingRecord booking, Instant now)
        => booking.End <= now && booking.Status is not (BookingStatus.Cancelled or BookingStatus.Declined);

    /// <summary>Whether the booking's item offers the person something to choose: cancel, a proposal's or a decline's choices.</summary>
    private static bool HasChoices(BookingRecord booking, Instant now)
        => IsCancellable(booking, now) || HasDeclineChoices(booking) || (booking.Status == BookingStatus.NewTimeProposed && !HasPassed(booking, now));

    /// <summary>A decline whose event is still there (the grace period): the person can still choose what next.</summary>
    private static bool HasDeclineChoices(BookingRecord booking) => booking is { Status: BookingStatus.Declined, EventRemoved: false };

    private static CultureInfo Culture(DialogContext dc) => Locales.FromActivityLocale(dc.Context.Activity.Locale);

    private static async Task<DialogTurnResult> EndWithAsync(WaterfallStepContext step, string text, CancellationToken cancellationToken)
    {
        await step.Context.SendActivityAsync(Activity.CreateMessage(text), cancellationToken).ConfigureAwait(false);
        return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DialogTurnResult> ListAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var culture = Culture(step);
        if (PersonIdentity.From(step.Context.Activity) is not { } person)
        {
            return await EndWithAsync(step, Texts.Get(culture, "booking.noIdentity"), cancellationToken).ConfigureAwait(false);
        }

        IReadOnlyList<(BookingRecord Booking, string Pseudonym)> mine;
        try
        {
            mine = await _bookings.MyBookingsAsync(person.TenantId, person.AadObjectId, cancellationToken).ConfigureAwait(false);
        }
        catch (KeyUnavailableException)
        {
            LogUnavailable(_logger, nameof(KeyUnavailableException));
            return await EndWithAsync(step, Texts.Get(culture, "booking.mine.tryLater"), cancellationToken).ConfigureAwait(false);
        }

        if (mine.Count == 0)
        {
            return await EndWithAsync(step, Texts.Get(culture, "booking.mine.none"), cancellationToken).ConfigureAwait(false);
        }

        var confidants = (await _roster.ReadAsync(cancellationToken).ConfigureAwait(false)).Confidants.ToDictionary(c => c.Id);
        var now = Instant.FromDateTimeOffset(_clock.GetUtcNow());
        var items = mine.Select(entry => Item(culture, entry.Booking, entry.Pseudonym, confidants.GetValueOrDefault(entry.Booking.ConfidantId), now));

        // The list shows pseudonyms, so it is its own message; the prompt (kept in state) holds reference codes only.
        var card = CardTemplates.Card("Booking", "my-bookings", new CardValues().SetList("bookings", items), culture);
        await step.Context.SendActivityAsync(Activity.CreateMessage(null, card), cancellationToken).ConfigureAwait(false);
        return await step.PromptAsync(PickPromptId, new PromptOptions
        {
            // "Choose the button at that booking" only while some booking has one (a talk that is over or declined for good has none).
            Prompt = Activity.CreateMessage(Texts.Get(culture, mine.Any(entry => HasChoices(entry.Booking, now)) ? "booking.mine.prompt" : "booking.mine.promptNothingToChoose")),
            Choices =
            [
                .. mine.Where(entry => IsCancellable(entry.Booking, now))
                    .Select(entry => new Choice(entry.Booking.ReferenceCode, Texts.Format(culture, "booking.mine.cancel", entry.Booking.ReferenceCode))),
                new Choice(DoneChoice, Texts.Get(culture, "booking.mine.done"), ["klaar", "done"]),
            ],
            Style = ListStyle.None,
        }, cancellationToken).ConfigureAwait(false);
    }

    private System.Text.Json.JsonElement Item(CultureInfo culture, BookingRecord booking, string pseudonym, Confidant? confidant, Instant now)
    {
        var kind = Texts.Get(culture, "booking.mine.kind." + booking.ConfidantKind);
        var passed = HasPassed(booking, now);
        var values = new CardValues()
            .Set("reference", booking.ReferenceCode)
            .Set("command", BookingMessages.AnswerCommand)
            .Set("title", Texts.Format(culture, "booking.mine.titleLine", booking.ReferenceCode, confidant?.DisplayName ?? "—", kind))
            .Set("time", _messages.TimeWithYear(booking.Start, culture.Name))
            .Set("mode", Texts.Get(culture, "booking.mode." + booking.Mode))
            .Set("status", Texts.Get(culture, "booking.status." + (passed ? "Passed" : booking.Status.ToString())))
            .Set("pseudonym", pseudonym)
            .Set("cancel", Texts.Format(culture, "booking.mine.cancel", booking.ReferenceCode));
        // While a new time is proposed the old time is no longer the plan: the proposal comes first, the old time
        // only as what it would replace, and no link to the old time's meeting.
        var proposal = !passed && booking is { Status: BookingStatus.NewTimeProposed, ProposedStart: not null };
        values.When("standsAsBooked", !proposal);
        if (proposal)
        {
            var canTake = _messages.CanTakeProposal(booking, now);
            values.Set("proposed", _messages.TimeWithYear(booking.ProposedStart!.Value, culture.Name)).When("hasProposal")
                .When("canTake", canTake).When("proposalTooSoon", !canTake);
        }

        // A declined or cancelled talk, one whose time is over and one with a proposal in its place do not take
        // place as booked: a link would invite the person to a meeting nobody comes to.
        var online = booking.Mode == MeetingMode.Online && booking.JoinUrl is not null && !passed && !proposal
            && booking.Status is not (BookingStatus.Cancelled or BookingStatus.Declined);
        if (online)
        {
            values.Set("joinUrl", booking.JoinUrl!).When("hasLink")
                .When("openLink", Uri.TryCreate(booking.JoinUrl, UriKind.Absolute, out var url) && url.Scheme is "https" or "http");
        }

        var declined = HasDeclineChoices(booking);
        var cancellable = IsCancellable(booking, now);
        values.When("declined", declined).When("cancellable", cancellable)
            .When("hasActions", proposal || declined || cancellable || values.Has("openLink"));
        return CardTemplates.Bind("Booking", "my-booking-item", values, culture);
    }

    private async Task<DialogTurnResult> ConfirmCancelAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var culture = Culture(step);
        var found = (FoundChoice)step.Result!;
        if (found.Id == DoneChoice)
        {
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        var person = PersonIdentity.From(step.Context.Activity);
        (BookingRecord Booking, string Pseudonym)? mine;
        try
        {
            mine = person is null ? null : await _bookings.FindMineAsync(person.TenantId, person.AadObjectId, found.Id, cancellationToken).ConfigureAwait(false);
        }
        catch (KeyUnavailableException)
        {
            LogUnavailable(_logger, nameof(KeyUnavailableException));
            return await EndWithAsync(step, Texts.Get(culture, "booking.mine.tryLater"), cancellationToken).ConfigureAwait(false);
        }

        if (mine is not { Booking: var booking } || !IsCancellable(booking, Instant.FromDateTimeOffset(_clock.GetUtcNow())))
        {
            return await EndWithAsync(step, Texts.Get(culture, "booking.mine.gone"), cancellationToken).ConfigureAwait(false);
        }

        // Only the reference code is kept in state; the booking is found again through the person's hash.
        step.SetValue("reference", booking.ReferenceCode);
        return await step.PromptAsync(ConfirmPromptId, PromptOptions.FromText(
            Texts.Format(culture, "booking.mine.confirm", booking.ReferenceCode, _messages.Time(booking.Start, culture.Name))), cancellationToken).ConfigureAwait(false);
    }

    private async Task<DialogTurnResult> CancelAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var culture = Culture(step);
        if (step.Result is not true)
        {
            return await EndWithAsync(step, Texts.Get(culture, "booking.mine.kept"), cancellationToken).ConfigureAwait(false);
        }

        var person = PersonIdentity.From(step.Context.Activity);
        var reference = step.GetValue<string>("reference")!;
        bool cancelled;
        try
        {
            cancelled = person is not null
                && await _bookings.FindMineAsync(person.TenantId, person.AadObjectId, reference, cancellationToken).ConfigureAwait(false) is { Booking: var booking }
                && await _bookings.CancelAsync(booking.BookingId, person.TenantId, person.AadObjectId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is KeyUnavailableException or CalendarUnavailableException or CalendarAccessDeniedException)
        {
            LogUnavailable(_logger, exception.GetType().Name);
            return await EndWithAsync(step, Texts.Get(culture, "booking.mine.tryLater"), cancellationToken).ConfigureAwait(false);
        }

        return await EndWithAsync(step, cancelled
            ? Texts.Format(culture, "booking.mine.cancelled", reference)
            : Texts.Get(culture, "booking.mine.gone"), cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 431, Level = LogLevel.Warning, Message = "My bookings could not be opened or cancelled now ({ExceptionType}).")]
    private static partial void LogUnavailable(ILogger logger, string exceptionType);
}
