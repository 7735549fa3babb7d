using System.Globalization;
using ConfidantBot.Booking.Calendar;
using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.Presentation;
using ConfidantBot.Privacy.Keys;
using NodaTime;

namespace ConfidantBot.Booking.Dialogs;

/// <summary>
/// What a button of a relayed answer (or of "my bookings") sent: the booking's reference code and
/// the person's choice. Never the booking id: the booking is found again through the person's keyed hash.
/// </summary>
public sealed record BookingAnswerOptions(string? Reference, string? Choice);

/// <summary>
/// The person's answer to the confidant's answer. A proposed time: take it in one tap ("Ja, die
/// tijd": the same confidant, pseudonym and way of meeting, a new request; the old one is
/// withdrawn), choose another time, or cancel. A decline: another time with the same confidant,
/// another confidant, or stop. Choosing anything but taking the proposal withdraws the old request
/// first, which removes the organiser's event (the decline policy).
/// </summary>
public sealed partial class BookingAnswerDialog : ComponentDialog
{
    public new const string Id = "bookingAnswer";

    public const string TakeChoice = "take";
    public const string OtherTimeChoice = "otherTime";
    public const string OtherConfidantChoice = "otherConfidant";
    public const string CancelChoice = "cancel";

    private const string FlowId = "bookingAnswer.flow";

    private readonly BookingService _bookings;
    private readonly BookingMessages _messages;
    private readonly TimeProvider _clock;
    private readonly ILogger<BookingAnswerDialog> _logger;

    public BookingAnswerDialog(BookingService bookings, BookingMessages messages, TimeProvider clock, ILogger<BookingAnswerDialog> logger)
        : base(Id)
    {
        _bookings = bookings;
        _messages = messages;
        _clock = clock;
        _logger = logger;
        AddDialog(new WaterfallDialog(FlowId)
            .AddStep(ActAsync)
            .AddStep((step, ct) => step.EndDialogAsync(step.Result, ct)));
        InitialDialogId = FlowId;
    }

    private static CultureInfo Culture(DialogContext dc) => Locales.FromActivityLocale(dc.Context.Activity.Locale);

    private static async Task<DialogTurnResult> EndWithAsync(WaterfallStepContext step, string text, CancellationToken cancellationToken)
    {
        await step.Context.SendActivityAsync(Activity.CreateMessage(text), cancellationToken).ConfigureAwait(false);
        return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DialogTurnResult> ActAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var culture = Culture(step);
        // Begun from the root with the button's data as options, or as the root itself (tests) with the button's data in the activity.
        var options = step.GetOptions<BookingAnswerOptions>()
            ?? new BookingAnswerOptions(SubmittedData.GetString(step.Context.Activity, "reference"), SubmittedData.GetString(step.Context.Activity, "choice"));
        var reference = options?.Reference?.Trim() ?? "";
        if (PersonIdentity.From(step.Context.Activity) is not { } person)
        {
            return await EndWithAsync(step, Texts.Get(culture, "booking.noIdentity"), cancellationToken).ConfigureAwait(false);
        }

        try
        {
            if (reference.Length == 0
                || await _bookings.FindMineAsync(person.TenantId, person.AadObjectId, reference, cancellationToken).ConfigureAwait(false) is not { Booking: var booking })
            {
                return await EndWithAsync(step, Texts.Format(culture, "booking.answer.unknown", reference), cancellationToken).ConfigureAwait(false);
            }

            switch (options?.Choice)
            {
                case TakeChoice:
                    return await TakeProposalAsync(step, booking, person, cancellationToken).ConfigureAwait(false);
                case OtherTimeChoice or OtherConfidantChoice when booking.Status is BookingStatus.Declined or BookingStatus.NewTimeProposed:
                    var otherConfidant = options.Choice == OtherConfidantChoice;
                    await _bookings.CancelAsync(booking.BookingId, person.TenantId, person.AadObjectId, cancellationToken).ConfigureAwait(false);
                    await step.Context.SendActivityAsync(Activity.CreateMessage(Texts.Format(culture, otherConfidant ? "booking.answer.withdrawnOtherConfidant" : "booking.answer.withdrawn", booking.ReferenceCode)), cancellationToken).ConfigureAwait(false);
                    return await step.BeginDialogAsync(BookingDialog.Id, new BookingDialogOptions(otherConfidant ? null : booking.ConfidantId, booking.Audience), cancellationToken).ConfigureAwait(false);
                case CancelChoice when booking.Status != BookingStatus.Cancelled:
                    await _bookings.CancelAsync(booking.BookingId, person.TenantId, person.AadObjectId, cancellationToken).ConfigureAwait(false);
                    return await EndWithAsync(step, Texts.Format(culture, "booking.answer.cancelled", booking.ReferenceCode), cancellationToken).ConfigureAwait(false);
                default:
                    return await EndWithAsync(step, Texts.Format(culture, "booking.answer.notPending", booking.ReferenceCode), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is KeyUnavailableException or CalendarUnavailableException or CalendarAccessDeniedException)
        {
            LogUnavailable(_logger, exception.GetType().Name);
            return await EndWithAsync(step, Texts.Get(culture, "booking.mine.tryLater"), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<DialogTurnResult> TakeProposalAsync(WaterfallStepContext step, BookingRecord booking, PersonIdentity person, CancellationToken cancellationToken)
    {
        var culture = Culture(step);
        var now = Instant.FromDateTimeOffset(_clock.GetUtcNow());
        if (!_messages.CanTakeProposal(booking, now))
        {
            // Taken already (a second press), answered otherwise since, or the time has come too close.
            var key = booking.Status == BookingStatus.NewTimeProposed ? "booking.answer.newTimeTooSoon" : "booking.answer.notPending";
            var proposed = booking.ProposedStart is { } start ? _messages.TimeWithYear(start, culture.Name) : "";
            return await EndWithAsync(step, Texts.Format(culture, key, booking.ReferenceCode, _messages.TimeWithYear(booking.Start, culture.Name), proposed), cancellationToken).ConfigureAwait(false);
        }

        BookingConfirmation? moved;
        try
        {
            moved = await _bookings.TakeProposalAsync(booking.BookingId, step.Context.Activity.GetConversationReference(), person.TenantId, person.AadObjectId, cancellationToken).ConfigureAwait(false);
        }
        catch (SlotTakenException)
        {
            return await EndWithAsync(step, Texts.Format(culture, "booking.answer.takenSlotGone", booking.ReferenceCode), cancellationToken).ConfigureAwait(false);
        }

        if (moved is null)
        {
            return await EndWithAsync(step, Texts.Format(culture, "booking.answer.notPending", booking.ReferenceCode), cancellationToken).ConfigureAwait(false);
        }

        var text = Texts.Format(culture, "booking.answer.taken", booking.ReferenceCode, moved.ReferenceCode, _messages.TimeWithYear(moved.Start, culture.Name));
        if (moved.JoinUrl is { } joinUrl)
        {
            text += "\n\n" + Texts.Format(culture, "booking.done.joinOnline", joinUrl);
        }

        return await EndWithAsync(step, text, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 441, Level = LogLevel.Warning, Message = "The person's answer to a confidant's answer could not be handled now ({ExceptionType}).")]
    private static partial void LogUnavailable(ILogger logger, string exceptionType);
}
