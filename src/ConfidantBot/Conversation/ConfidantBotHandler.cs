using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.BotFramework.Hosting;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.BotFramework.State;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.Operations;
using ConfidantBot.Presentation;
using ConfidantBot.Privacy.Keys;
using ConfidantBot.Privacy.Retention;
using Microsoft.Extensions.Options;

namespace ConfidantBot.Conversation;

/// <summary>
/// The bot's turn handler: welcomes on install (once per conversation), refuses anything but a
/// personal chat, and hands messages and card actions to the dialogs.
/// </summary>
public sealed partial class ConfidantBotHandler(DialogRunner runner, ConversationState state, IOptions<RetentionOptions> retention, IKeyProvider keys, ILogger<ConfidantBotHandler> logger, ConfidantBotMetrics? metrics = null) : IBot
{
    /// <summary>
    /// Set in turn state by a turn whose outcome is kept outside conversation state (e.g. a sent
    /// booking request, or "already sent"): when a concurrent turn of the same conversation saved
    /// first, this turn's state is dropped silently instead of saying "still busy".
    /// </summary>
    public const string StateConflictHarmless = "stateConflictHarmless";

    private const string WelcomedProperty = "welcomed";
    private const int ConflictRetries = 2;

    public async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        metrics?.TurnReceived(activity.Type);
        if (activity.Conversation?.ConversationType is { } type && type != "personal")
        {
            // A team or group chat would expose the person: answer nothing there but this.
            if (activity.Type == ActivityTypes.Message)
            {
                await turnContext.SendActivityAsync(Activity.CreateMessage(Texts.Get(activity.Locale, "conversation.notPersonal")), cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        switch (activity.Type)
        {
            case ActivityTypes.ConversationUpdate when activity.MembersAdded is { Count: > 0 }:
            case ActivityTypes.InstallationUpdate when activity.Action is "add" or "add-upgrade":
                await WelcomeOnceAsync(turnContext, cancellationToken).ConfigureAwait(false);
                break;
            case ActivityTypes.Message:
            case ActivityTypes.Invoke when SubmittedData.IsAdaptiveCardAction(activity):
                await RunDialogsAsync(turnContext, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private async Task WelcomeOnceAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        // Teams sends both a conversationUpdate and an installationUpdate on install.
        if (await state.GetAsync<bool>(turnContext, WelcomedProperty, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var culture = Locales.FromActivityLocale(turnContext.Activity.Locale);
        // Where the sealing key really is: Key Vault in production, a key file in local mode.
        var stored = Texts.Format(culture, keys is LocalKeyFileProvider ? "conversation.welcome.storedLocal" : "conversation.welcome.stored", retention.Value.DaysAfterAppointment);
        var welcome = CardTemplates.Card("Conversation", "welcome", new CardValues().Set("stored", stored), culture);
        await turnContext.SendActivityAsync(Activity.CreateMessage(null, welcome), cancellationToken).ConfigureAwait(false);
        await state.SetAsync(turnContext, WelcomedProperty, true, cancellationToken).ConfigureAwait(false);
        await state.SaveChangesAsync(turnContext, cancellationToken).ConfigureAwait(false);
    }

    private async Task RunDialogsAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var attempt = turnContext;
        for (var retry = 0; ; retry++)
        {
            try
            {
                await runner.RunAsync(attempt, cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (StorageConflictException) when (!attempt.Responded && retry < ConflictRetries)
            {
                metrics?.StateConflict();
                // Another turn of this conversation saved first and this one said nothing yet: run it
                // again on the newer state (a fresh context, so the stale cached state is dropped).
                LogConflictRetried(logger);
                attempt = new TurnContext(turnContext.Adapter, turnContext.Activity);
            }
            catch (StorageConflictException) when (attempt.TurnState.ContainsKey(StateConflictHarmless))
            {
                LogConflictHarmless(logger);
                return;
            }
            catch (StorageConflictException)
            {
                metrics?.StateConflict();
                await turnContext.SendActivityAsync(Activity.CreateMessage(Texts.Get(turnContext.Activity.Locale, "conversation.busy")), cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        if (!ReferenceEquals(attempt, turnContext))
        {
            turnContext.InvokeResponse = attempt.InvokeResponse;
        }

        if (attempt.TurnState.ContainsKey(ForgetMeDialog.ForgetConversationState))
        {
            await state.ClearAsync(attempt, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 502, Level = LogLevel.Information, Message = "A turn met a concurrent save of its conversation; its outcome is stored elsewhere, so its state was dropped.")]
    private static partial void LogConflictHarmless(ILogger logger);

    [LoggerMessage(EventId = 501, Level = LogLevel.Information, Message = "A turn met a concurrent save of its conversation and was run again.")]
    private static partial void LogConflictRetried(ILogger logger);
}
