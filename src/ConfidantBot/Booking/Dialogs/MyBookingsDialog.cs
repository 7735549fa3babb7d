using System.Globalization;
using ConfidantBot.Booking.Calendar;
using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.BotFramework.Dialogs.Prompts;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.Presentation;
using ConfidantBot.Privacy.Keys;

namespace ConfidantBot.Booking.Dialogs;

/// <summary>
/// "My bookings": the person's bookings (reference, time, status, pseudonym) with a cancel button
/// each; cancelling asks to confirm, then cancels the event, tells the confidant and deletes the routing.
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
    private readonly ILogger<MyBookingsDialog> _logger;

    public MyBookingsDialog(BookingService bookings, BookingMessages messages, ILogger<MyBookingsDialog> logger)
        : base(Id)
    {
        _bookings = bookings;
        _messages = messages;
        _logger = logger;
        AddDialog(new WaterfallDialog(FlowId)
            .AddStep(ListAsync)
            .AddStep(ConfirmCancelAsync)
            .AddStep(CancelAsync));
        AddDialog(new ChoicePrompt(PickPromptId));
        AddDialog(new ConfirmPrompt(ConfirmPromptId));
        InitialDialogId = FlowId;
    }

    private static bool IsCancellable(BookingRecord booking) => booking.Status is not (BookingStatus.Cancelled or BookingStatus.Declined);

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

        var items = mine.Select(entry => CardTemplates.Bind("Booking", "my-booking-item", new CardValues()
            .Set("id", entry.Booking.BookingId)
            .Set("title", Texts.Format(culture, "booking.mine.item", entry.Booking.ReferenceCode, _messages.Time(entry.Booking.Start, culture.Name)))
            .Set("details", Texts.Format(culture, "booking.mine.details", Texts.Get(culture, "booking.status." + entry.Booking.Status), entry.Pseudonym))
            .Set("cancel", Texts.Format(culture, "booking.mine.cancel", entry.Booking.ReferenceCode))
            .When("cancellable", IsCancellable(entry.Booking)), culture));

        // The list shows pseudonyms, so it is its own message; the prompt (kept in state) holds ids and codes only.
        var card = CardTemplates.Card("Booking", "my-bookings", new CardValues().SetList("bookings", items), culture);
        await step.Context.SendActivityAsync(Activity.CreateMessage(null, card), cancellationToken).ConfigureAwait(false);
        return await step.PromptAsync(PickPromptId, new PromptOptions
        {
            Prompt = Activity.CreateMessage(Texts.Get(culture, "booking.mine.prompt")),
            Choices =
            [
                .. mine.Where(entry => IsCancellable(entry.Booking))
                    .Select(entry => new Choice(entry.Booking.BookingId, Texts.Format(culture, "booking.mine.cancel", entry.Booking.ReferenceCode), [entry.Booking.ReferenceCode])),
                new Choice(DoneChoice, Texts.Get(culture, "booking.mine.done"), ["klaar", "done", "stop"]),
            ],
            Style = ListStyle.None,
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DialogTurnResult> ConfirmCancelAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var culture = Culture(step);
        var found = (FoundChoice)step.Result!;
        if (found.Id == DoneChoice)
        {
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        if (await _bookings.ReadAsync(found.Id, cancellationToken).ConfigureAwait(false) is not { Booking: var booking } || !IsCancellable(booking))
        {
            return await EndWithAsync(step, Texts.Get(culture, "booking.mine.gone"), cancellationToken).ConfigureAwait(false);
        }

        step.SetValue("booking", booking.BookingId);
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
        var bookingId = step.GetValue<string>("booking")!;
        bool cancelled;
        try
        {
            cancelled = person is not null && await _bookings.CancelAsync(bookingId, person.TenantId, person.AadObjectId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is KeyUnavailableException or CalendarUnavailableException or CalendarAccessDeniedException)
        {
            LogUnavailable(_logger, exception.GetType().Name);
            return await EndWithAsync(step, Texts.Get(culture, "booking.mine.tryLater"), cancellationToken).ConfigureAwait(false);
        }

        return await EndWithAsync(step, cancelled
            ? Texts.Format(culture, "booking.mine.cancelled", step.GetValue<string>("reference"))
            : Texts.Get(culture, "booking.mine.gone"), cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 431, Level = LogLevel.Warning, Message = "My bookings could not be opened or cancelled now ({ExceptionType}).")]
    private static partial void LogUnavailable(ILogger logger, string exceptionType);
}
