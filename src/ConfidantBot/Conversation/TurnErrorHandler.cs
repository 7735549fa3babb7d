using ConfidantBot.Booking.Calendar;
using ConfidantBot.BotFramework.Hosting;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.Operations;
using ConfidantBot.Presentation;
using ConfidantBot.Privacy.Keys;

namespace ConfidantBot.Conversation;

/// <summary>One place that tells the person, in their language, that something failed and nothing was kept.</summary>
public sealed class TurnErrorHandler(ConfidantBotMetrics? metrics = null) : ITurnErrorHandler
{
    public Task OnTurnErrorAsync(ITurnContext turnContext, Exception exception, CancellationToken cancellationToken)
    {
        metrics?.TurnFailed(turnContext.Activity.Type);
        var key = exception is KeyUnavailableException or CalendarUnavailableException ? "conversation.tryLater" : "conversation.error";
        return turnContext.SendActivityAsync(Activity.CreateMessage(Texts.Get(turnContext.Activity.Locale, key)), cancellationToken);
    }
}
