using ConfidantBot.BotFramework.State;
using ConfidantBot.BotFramework.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace ConfidantBot.BotFramework.Dialogs;

public static class DialogServiceCollectionExtensions
{
    /// <summary>Registers <see cref="ConversationState"/> (needs an <see cref="IStorage"/> registration; uses <see cref="TimeProvider.System"/> unless one is registered).</summary>
    public static IServiceCollection AddConversationState(this IServiceCollection services, Action<ConversationStateOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new ConversationStateOptions();
        configure?.Invoke(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new ConversationState(sp.GetRequiredService<IStorage>(), sp.GetRequiredService<TimeProvider>(), options));
        return services;
    }

    /// <summary>Registers a <see cref="DialogRunner"/> with <typeparamref name="TRootDialog"/> (itself registered as a singleton) as the root dialog.</summary>
    public static IServiceCollection AddDialogRunner<TRootDialog>(this IServiceCollection services, Action<IServiceProvider, DialogRunnerOptions>? configure = null)
        where TRootDialog : Dialog
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddConversationState();
        services.TryAddSingleton<TRootDialog>();
        services.TryAddSingleton(sp =>
        {
            var options = new DialogRunnerOptions();
            configure?.Invoke(sp, options);
            return new DialogRunner(sp.GetRequiredService<TRootDialog>(), sp.GetRequiredService<ConversationState>(), options, sp.GetService<ILogger<DialogRunner>>());
        });
        return services;
    }
}
