namespace ConfidantBot.BotFramework.Hosting;

/// <summary>The bot's turn handler: called once per inbound activity that passed authentication.</summary>
public interface IBot
{
    Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken);
}
