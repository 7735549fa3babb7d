using ConfidantBot.BotFramework.Storage;
using ConfidantBot.Routes;
using ConfidantBot.Routes.Cards;
using ConfidantBot.Routes.Catalogue;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ConfidantBot.Tests.Routes;

public sealed class RoutesRegistrationTests
{
    [Fact]
    public async Task AddRoutes_seeds_the_store_at_start_up_and_serves_the_configured_contacts()
    {
        var storage = new InMemoryStorage();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration["Routes:Contacts:mayorsOffice:Name"] = "Kabinet van de burgemeester";
        builder.Services.AddSingleton<IStorage>(storage);
        builder.AddRoutes();
        using var host = builder.Build();

        await host.StartAsync();
        try
        {
            Assert.NotNull(await storage.ReadAsync(RouteCatalogueLoader.Key));
            var catalogue = await host.Services.GetRequiredService<IRouteCatalogue>().GetAsync();
            Assert.Equal("Kabinet van de burgemeester", catalogue.ContactFor(catalogue.Find("mayor")!)!.Name);
            Assert.NotNull(host.Services.GetRequiredService<RouteCards>());
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
