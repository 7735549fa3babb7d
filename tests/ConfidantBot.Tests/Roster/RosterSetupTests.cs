using ConfidantBot.Tests.Infrastructure;
using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.BotFramework.Testing;
using ConfidantBot.Hosting;
using ConfidantBot.Presentation;
using ConfidantBot.Roster;
using ConfidantBot.Roster.Admin;
using ConfidantBot.Routes;
using ConfidantBot.Routes.Contacts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ConfidantBot.Tests.Roster;

/// <summary>Registration, the local demo roster and its seeding, and the guide's contact directory.</summary>
public sealed class RosterSetupTests : IAsyncLifetime
{
    private readonly RosterTestKit _kit = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _kit.DisposeAsync();

    private static ServiceProvider Build(Dictionary<string, string?> settings, bool routesFirst = true)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<IStorage>(new MemoryStorage());
        builder.Services.AddLogging();
        if (routesFirst)
        {
            builder.AddRoutes();
        }

        builder.AddRoster();
        if (!routesFirst)
        {
            builder.AddRoutes();
        }

        return builder.Services.BuildServiceProvider();
    }

    [Fact]
    public void In_local_mode_the_local_pages_HR_identity_is_an_admin()
    {
        using var services = Build(new() { ["Bot:AppId"] = "" });

        Assert.Contains(HrAdminOptions.LocalAdminObjectId, services.GetRequiredService<IOptions<HrAdminOptions>>().Value.ObjectIds);
    }

    [Fact]
    public void Only_a_configured_HR_group_brings_in_the_Graph_group_check()
    {
        using (var withoutGroup = Build(new() { ["Bot:AppId"] = "", ["HrAdmins:ObjectIds:0"] = RosterTestKit.AdminA }))
        {
            Assert.Null(withoutGroup.GetService<IHrGroupMembership>());
            Assert.IsType<HrAdminAuthorizer>(withoutGroup.GetRequiredService<IHrAdminAuthorizer>());
        }

        using var withGroup = Build(new() { ["Bot:AppId"] = "", ["HrAdmins:GroupId"] = "7b0c0000-0000-4000-8000-0000000000aa", ["Graph:BaseUrl"] = "http://127.0.0.1:9/v1.0" });
        Assert.IsType<GraphGroupMembership>(withGroup.GetRequiredService<IHrGroupMembership>());
    }

    [Fact]
    public async Task With_an_app_id_the_local_identity_is_no_admin_and_admins_must_come_from_the_bots_tenant()
    {
        using var services = Build(new()
        {
            ["Bot:AppId"] = "5f1e0000-0000-4000-8000-000000000001",
            ["Bot:TenantId"] = RosterTestKit.Tenant,
            ["HrAdmins:ObjectIds:0"] = RosterTestKit.AdminA,
        });

        var options = services.GetRequiredService<IOptions<HrAdminOptions>>().Value;
        Assert.DoesNotContain(HrAdminOptions.LocalAdminObjectId, options.ObjectIds);
        Assert.Equal(RosterTestKit.Tenant, options.TenantId);
        var authorizer = services.GetRequiredService<IHrAdminAuthorizer>();
        Assert.True(await authorizer.IsAdminAsync(RosterTestKit.Tenant, RosterTestKit.AdminA, default));
        Assert.False(await authorizer.IsAdminAsync(RosterTestKit.Tenant, HrAdminOptions.LocalAdminObjectId, default));
    }

    [Fact]
    public async Task Outside_local_mode_a_configuration_without_any_admin_starts_with_a_warning_naming_the_settings()
    {
        var logs = new Microsoft.Extensions.Logging.Testing.FakeLogCollector();
        var check = new HrAdminConfigurationCheck(Options.Create(new HrAdminOptions()), new Microsoft.Extensions.Logging.Testing.FakeLogger<HrAdminConfigurationCheck>(logs));

        await check.StartAsync(default);

        Assert.Contains("HrAdmins:ObjectIds or HrAdmins:GroupId", Assert.Single(logs.GetSnapshot()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Admin_ids_that_are_not_guids_are_refused_with_a_message_naming_the_setting()
    {
        using var services = Build(new() { ["Bot:AppId"] = "", ["HrAdmins:ObjectIds:0"] = "jan@example.org" });

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<HrAdminOptions>>().Value);
        Assert.Contains("HrAdmins:ObjectIds", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_dialogs_and_the_roster_contact_directory_are_registered_whatever_the_order(bool routesFirst)
    {
        using var services = Build(new() { ["Bot:AppId"] = "" }, routesFirst);

        var dialogs = services.GetServices<Dialog>().Select(dialog => dialog.Id).ToList();
        Assert.Contains(RosterAdminDialog.Id, dialogs);
        Assert.Contains(ConfidantsDialog.Id, dialogs);
        Assert.IsType<RosterRouteContactDirectory>(services.GetRequiredService<IRouteContactDirectory>());
    }

    [Fact]
    public async Task The_guide_gets_every_route_contact_by_key_with_both_names_HRs_note_and_whether_it_exists_here()
    {
        await _kit.Store.ImportAsync(new RosterDocument([], [
            new RouteContact { Key = "griffier", Name = new LocalizedText("Griffie Voorbeeldstad", "Council clerk"), Email = "griffie@example.org", Phone = "+31 20 000 0000", Note = new LocalizedText("Op dinsdag niet bereikbaar.", "Not available on Tuesdays.") },
            new RouteContact { Key = "huisVoorKlokkenluiders", Name = new LocalizedText("Huis voor Klokkenluiders", "Whistleblowers Authority"), Url = "https://www.huisvoorklokkenluiders.nl" },
            new RouteContact { Key = "temporaryDesk", Name = new LocalizedText("Tijdelijk meldpunt", "Temporary desk"), Active = false },
        ]), RosterTestKit.AdminA, default);

        var contacts = await new RosterRouteContactDirectory(_kit.Store).GetContactsAsync();

        Assert.Equal(["griffier", "huisVoorKlokkenluiders", "temporaryDesk"], contacts.Keys.Order(StringComparer.Ordinal));
        var griffier = contacts["griffier"];
        Assert.Equal(("Griffie Voorbeeldstad", "Council clerk", "griffie@example.org", "+31 20 000 0000"), (griffier.Name, griffier.NameEn, griffier.Email, griffier.Phone));
        Assert.Equal("Not available on Tuesdays.", griffier.Note!.En);
        Assert.True(griffier.Present);
        Assert.Equal("https://www.huisvoorklokkenluiders.nl", contacts["huisVoorKlokkenluiders"].Url);
        Assert.False(contacts["temporaryDesk"].Present);
    }

    [Fact]
    public void The_demo_roster_is_valid_marked_as_example_data_and_covers_every_audience_and_kind()
    {
        var demo = RosterSeeder.DemoRoster();

        RosterStore.ThrowIfInvalid(demo);
        Assert.All(demo.Confidants, c => Assert.StartsWith("Voorbeeld: ", c.DisplayName, StringComparison.Ordinal));
        Assert.All(demo.Confidants, c => Assert.EndsWith("@example.org", c.InvitationEmail, StringComparison.Ordinal));
        Assert.All(demo.Confidants, c => Assert.All(c.ConsultationHours, block => Assert.InRange((int)block.Day, (int)DayOfWeek.Monday, (int)DayOfWeek.Friday)));
        // National bodies are the real ones with their official site; everything local is marked as an example.
        string[] national = ["huisVoorKlokkenluiders", "huisVoorKlokkenluidersAdvice", "huisVoorKlokkenluidersInvestigation", "police", "rijksrecherche", "adviespuntAmbtsmisdrijven", "labourInspectorate", "tradeUnion", "humanRightsCollege"];
        Assert.All(demo.Contacts.Where(c => !national.Contains(c.Key)), c => Assert.StartsWith("Voorbeeld: ", c.Name.Nl, StringComparison.Ordinal));
        Assert.All(demo.Contacts.Where(c => national.Contains(c.Key)), c => Assert.StartsWith("https://", c.Url, StringComparison.Ordinal));
        Assert.All(demo.Contacts.Where(c => c.Email is not null), c => Assert.EndsWith("@example.org", c.Email, StringComparison.Ordinal));
        var active = demo.Confidants.Where(c => c.Active).ToList();
        Assert.Contains(active, c => c.Kind == ConfidantKind.Internal && c.Audiences.Contains(Audience.Employees));
        Assert.Contains(active, c => c.Kind == ConfidantKind.External && c.Audiences.Contains(Audience.Employees));
        Assert.Contains(active, c => c.Kind == ConfidantKind.External && c.Audiences.Contains(Audience.Council) && c.Audiences.Contains(Audience.College));
        Assert.Equal(RouteContactKeys.All.Order(StringComparer.Ordinal), demo.Contacts.Select(c => c.Key).Order(StringComparer.Ordinal));
        Assert.All(demo.Confidants.Concat<object>(demo.Contacts), entry => Assert.True(entry is not null));
    }

    [Fact]
    public void The_demo_roster_file_is_an_export_so_it_round_trips()
    {
        var file = System.Text.Encoding.UTF8.GetString(AppResources.Read("Roster.Data.demo-roster.json")).TrimEnd();

        Assert.Equal(file, RosterJson.Export(RosterSeeder.DemoRoster()));
    }

    private RosterSeeder Seeder(string? appId) => new(_kit.Store, Options.Create(new BotOptions { AppId = appId }), NullLogger<RosterSeeder>.Instance);

    [Fact]
    public async Task In_local_mode_an_empty_roster_is_seeded_with_the_demo_roster_once()
    {
        await Seeder(appId: null).StartAsync(default);

        var roster = await _kit.Store.ReadAsync(default);
        Assert.Equal(RosterSeeder.DemoRoster().Confidants.Select(c => c.Id), roster.Confidants.Select(c => c.Id));
        var bytes = await _kit.RosterBytesAsync();

        await Seeder(appId: null).StartAsync(default);
        Assert.Equal(bytes, await _kit.RosterBytesAsync());
    }

    [Fact]
    public async Task A_roster_with_entries_is_never_seeded_over()
    {
        await _kit.SeedAsync(RosterTestKit.Confidant("c-anna", "Anna"));
        var before = await _kit.RosterBytesAsync();

        await Seeder(appId: null).StartAsync(default);

        Assert.Equal(before, await _kit.RosterBytesAsync());
    }

    [Fact]
    public async Task Outside_local_mode_nothing_is_seeded()
    {
        await Seeder(appId: "5f1e0000-0000-4000-8000-000000000001").StartAsync(default);

        Assert.Empty(await _kit.RosterBytesAsync());
    }

    [Fact]
    public async Task Every_roster_card_is_a_valid_Adaptive_Card_1_5()
    {
        await _kit.Store.ImportAsync(RosterSeeder.DemoRoster(), RosterTestKit.AdminA, default);
        var roster = await _kit.Store.ReadAsync(default);
        var nl = Locales.Dutch;
        var cards = new List<JsonObject>
        {
            RosterAdminCards.RosterList(nl, roster).Card(),
            RosterAdminCards.ContactList(nl, roster).Card(),
            new ConfidantBot.BotFramework.Schema.Activity { Attachments = [RosterAdminCards.ImportForm(nl, "Er is niets veranderd.")] }.Card(),
            new ConfidantBot.BotFramework.Schema.Activity { Attachments = [ConfidantForm.Card(nl, FormMode.Add, "", 0, ConfidantForm.Empty(), [new FieldError("InvitationEmail", "email-format")])] }.Card(),
            new ConfidantBot.BotFramework.Schema.Activity { Attachments = [ConfidantForm.Card(nl, FormMode.Edit, "voorbeeld-anna", 1, ConfidantForm.ValuesOf(roster.Confidants[0]), [], roster.Confidants[0])] }.Card(),
            new ConfidantBot.BotFramework.Schema.Activity { Attachments = [ContactForm.Card(nl, "griffier", 1, ContactForm.ValuesOf(roster.Contacts[0]), [new FieldError("Url", "url-format")], roster.Contacts[0])] }.Card(),
            ConfidantsDialog.Card(nl, Audience.Employees, await _kit.Store.ListForAudienceAsync(Audience.Employees, default)).Card(),
        };

        Assert.All(cards, card => AdaptiveCardSchema.AssertValid(card));
    }
}
