using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.Figures;
using ConfidantBot.Privacy.Retention;
using ConfidantBot.Routes.Browse;
using ConfidantBot.Routes.Cards;
using ConfidantBot.Routes.Catalogue;
using ConfidantBot.Routes.Contacts;
using ConfidantBot.Routes.Guide;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace ConfidantBot.Routes;

public static class RoutesExtensions
{
    /// <summary>
    /// The reporting-route guide: the catalogue (seeded into the store at start-up), the contact
    /// directory (configuration until the roster capability registers its own), the cards, and the
    /// dialogs <c>guide</c> (<see cref="GuideDialog"/>) and <c>routes</c> (<see cref="RoutesDialog"/>)
    /// for the root to begin. Needs an <c>IStorage</c> registration.
    /// </summary>
    public static IHostApplicationBuilder AddRoutes(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRouteContactDirectory, ConfiguredRouteContactDirectory>();
        services.TryAddSingleton<RouteCatalogueLoader>();
        services.TryAddSingleton<IRouteCatalogue, StoredRouteCatalogue>();
        services.TryAddSingleton<RouteCards>();
        services.TryAddSingleton<IUsageCounters, UsageCounters>();
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.SectionName);
        services.AddSingleton<Dialog, GuideDialog>();
        services.AddSingleton<Dialog, RoutesDialog>();
        services.AddHostedService<RouteCatalogueStartup>();
        return builder;
    }
}
