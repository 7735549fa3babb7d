using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.BotFramework.Testing;
using ConfidantBot.Presentation;
using ConfidantBot.Routes;
using ConfidantBot.Routes.Browse;
using ConfidantBot.Routes.Cards;
using ConfidantBot.Routes.Catalogue;
using ConfidantBot.Routes.Guide;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ConfidantBot.Tests.Routes;

public sealed class RoutesRegistrationTests
{
    [Fact]
    public async Task AddRoutes_seeds_the_store_at_start_up_and_serves_the_configured_contacts()
    {
        await using var store = new TempSqliteStore();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration["Routes:Contacts:mayorsOffice:Name"] = "Kabinet van de burgemeester";
        builder.Services.AddSingleton<IStorage>(store.Storage);
        builder.AddRoutes();
        using var host = builder.Build();

        await host.StartAsync();
        try
        {
            Assert.NotNull(await store.Storage.ReadAsync(RouteCatalogueLoader.Key));
            var catalogue = await host.Services.GetRequiredService<IRouteCatalogue>().GetAsync();
            Assert.Equal("Kabinet van de burgemeester", catalogue.ContactFor(catalogue.Find("mayor")!)!.Name);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public void AddRoutes_offers_the_guide_and_the_routes_dialogs_to_the_root_under_their_command_ids()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<IStorage>(new MemoryStorage());
        builder.AddRoutes();
        using var host = builder.Build();

        var dialogs = host.Services.GetServices<Dialog>().ToList();

        Assert.Contains(dialogs, dialog => dialog is GuideDialog && dialog.Id == "guide");
        Assert.Contains(dialogs, dialog => dialog is RoutesDialog && dialog.Id == "routes");
        Assert.Equal("guide", ConfidantBot.Conversation.ConversationIntents.DialogByIntent[ConfidantBot.Conversation.ConversationIntents.Guide]);
        Assert.Equal("routes", ConfidantBot.Conversation.ConversationIntents.DialogByIntent[ConfidantBot.Conversation.ConversationIntents.Routes]);
    }

    [Theory]
    [InlineData(null, "14 dagen na de afspraak")]
    [InlineData("30", "30 dagen na de afspraak")]
    public void The_privacy_card_states_the_configured_retention(string? configuredDays, string expected)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        if (configuredDays is not null)
        {
            builder.Configuration["Retention:DaysAfterAppointment"] = configuredDays;
        }

        builder.Services.AddSingleton<IStorage>(new MemoryStorage());
        builder.AddRoutes();
        using var host = builder.Build();

        var card = host.Services.GetRequiredService<RouteCards>().Privacy(Locales.Dutch);

        Assert.Contains(expected, card.Content!.Value.GetRawText(), StringComparison.Ordinal);
    }
}
