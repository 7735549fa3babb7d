using ConfidantBot.BotFramework.Dialogs;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ConfidantBot.Figures;

public static class FiguresExtensions
{
    /// <summary>
    /// Anonymous usage counters (<see cref="IUsageCounters"/>), the protected report builder and the
    /// HR admins' <see cref="FiguresDialog"/> (id <c>figures</c>). Needs the storage step (an
    /// <see cref="BotFramework.Storage.IStorage"/>) and the roster step (<see cref="Roster.IHrAdminAuthorizer"/>).
    /// Section <c>Figures</c> is validated at start.
    /// </summary>
    public static IHostApplicationBuilder AddFigures(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<FiguresOptions>()
            .BindConfiguration(FiguresOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IUsageCounters, UsageCounters>();
        services.TryAddSingleton<FiguresReportBuilder>();
        services.AddSingleton<Dialog, FiguresDialog>();
        return builder;
    }
}
