using ConfidantBot.Booking;
using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.BotFramework.Dialogs.Prompts;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.Presentation;

namespace ConfidantBot.Conversation;

/// <summary>
/// "Vergeet mij": after a confirmation, deletes every sealed routing record found through the
/// person's keyed hash at once, queues the removal of their bookings' calendar events (the
/// confidant only hears "cancelled"), and has the handler delete this conversation's state at the
/// end of the turn.
/// </summary>
public sealed class ForgetMeDialog : ComponentDialog
{
    public const string DialogId = "forgetMe";

    /// <summary>Set in turn state when the conversation state must be deleted after the turn.</summary>
    public const string ForgetConversationState = "forgetConversationState";

    private const string ConfirmPromptId = "forgetMe.confirm";
    private readonly BookingService _bookings;

    public ForgetMeDialog(BookingService bookings)
        : base(DialogId)
    {
        _bookings = bookings;
        AddDialog(new WaterfallDialog("forgetMe.flow", [AskStepAsync, ForgetStepAsync]));
        AddDialog(new ConfirmPrompt(ConfirmPromptId) { TitlesForLocale = Texts.YesNo });
        InitialDialogId = "forgetMe.flow";
    }

    private static Task<DialogTurnResult> AskStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
        => step.PromptAsync(ConfirmPromptId, new PromptOptions
        {
            Prompt = Activity.CreateMessage(Texts.Get(step.Context.Activity.Locale, "conversation.forget.confirm")),
        }, cancellationToken);

    private async Task<DialogTurnResult> ForgetStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var activity = step.Context.Activity;
        var culture = Locales.FromActivityLocale(activity.Locale);
        if (step.GetResult<bool>() is not true)
        {
            await step.Context.SendActivityAsync(Activity.CreateMessage(Texts.Get(culture, "conversation.forget.kept")), cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var forgotten = (CancelledBookings: 0, RemovedRecords: 0, CalendarRemovals: 0);
        if (ConfidantBot.Booking.Dialogs.PersonIdentity.From(activity) is { } person)
        {
            forgotten = await _bookings.ForgetAsync(person.TenantId, person.AadObjectId, cancellationToken).ConfigureAwait(false);
        }

        step.Context.TurnState[ForgetConversationState] = true;
        var done = forgotten.CalendarRemovals > 0
            ? Texts.Format(culture, "conversation.forget.done", forgotten.CancelledBookings, forgotten.RemovedRecords)
            : Texts.Format(culture, "conversation.forget.doneNoBookings", forgotten.RemovedRecords);
        await step.Context.SendActivityAsync(Activity.CreateMessage(done), cancellationToken).ConfigureAwait(false);
        return await step.EndDialogAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
