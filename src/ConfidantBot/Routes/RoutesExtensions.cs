using ConfidantBot.Routes.Cards;
using ConfidantBot.Routes.Catalogue;
using ConfidantBot.Routes.Contacts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace ConfidantBot.Routes;

public static class RoutesExtensions
{
    /// <summary>
    /// The reporting-route guide: the catalogue (seeded into the store at start-up), the contact
    /// directory (configuration until the roster capability registers its own) and the cards.
    /// Needs an <c>IStorage</c> registration.
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
        services.AddHostedService<RouteCatalogueStartup>();
        return builder;
    }
}
