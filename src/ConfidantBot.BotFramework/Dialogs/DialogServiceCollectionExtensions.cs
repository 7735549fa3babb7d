using ConfidantBot.BotFramework.State;
using ConfidantBot.BotFramework.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConfidantBot.BotFramework.Dialogs;

public static class DialogServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ConversationState"/> as a singleton. Needs an <see cref="IStorage"/>
    /// registration; uses <see cref="TimeProvider.System"/> unless a <see cref="TimeProvider"/> is
    /// registered. Options may also come from <c>services.Configure&lt;ConversationStateOptions&gt;(section)</c>.
    /// </summary>
    public static IServiceCollection AddConversationState(this IServiceCollection services, Action<ConversationStateOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ConversationStateOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new ConversationState(
            sp.GetRequiredService<IStorage>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<ConversationStateOptions>>().Value));
        return services;
    }

    /// <summary>
    /// Registers a singleton <see cref="DialogRunner"/> whose root dialog is <typeparamref name="TRootDialog"/>
    /// (registered as a singleton too, so its constructor may take services), plus <see cref="ConversationState"/>.
    /// </summary>
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
