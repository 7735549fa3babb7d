using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.BotFramework.Hosting;
using ConfidantBot.Routes.Cards;

namespace ConfidantBot.Conversation;

public static class ConversationExtensions
{
    /// <summary>The turn handler, the root dialog with the global commands, conversation state and the error message.</summary>
    public static WebApplicationBuilder AddConversation(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddConversationState(options => builder.Configuration.GetSection("ConversationState").Bind(options));
        services.AddDialogRunner<MainDialog>((sp, options) => options.Interruptions = ConversationIntents.CreateInterruptions(sp.GetRequiredService<RouteCards>()));
        services.AddSingleton<IBot, ConfidantBotHandler>();
        services.AddSingleton<ITurnErrorHandler, TurnErrorHandler>();
        services.AddSingleton<Dialog, ForgetMeDialog>();
        return builder;
    }
}
