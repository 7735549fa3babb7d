namespace ConfidantBot.BotFramework.Hosting;

/// <summary>Tells the person something friendly when a turn fails. Must not echo their input.</summary>
public interface ITurnErrorHandler
{
    Task OnTurnErrorAsync(ITurnContext turnContext, Exception exception, CancellationToken cancellationToken);
}
