using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.BotFramework.Testing;
using ConfidantBot.Conversation;
using ConfidantBot.Roster;
using ConfidantBot.Routes;
using ConfidantBot.Routes.Cards;
using ConfidantBot.Routes.Catalogue;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ConfidantBot.Tests.Roster;

/// <summary>
/// The data HR keeps per municipality (which receivers exist, notes, local rules, the mayor's
/// replacement), from HR's form to what a person sees: the app's real root, routes and roster
/// registrations on a real SQLite store, in local mode so the "Gemeente Voorbeeldstad" example is seeded.
/// </summary>
public sealed class MunicipalityDataTests : IAsyncLifetime
{
    private readonly RosterTestKit _kit = new();
    private IHost _host = null!;

    public async Task InitializeAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bot:AppId"] = "",
            ["HrAdmins:ObjectIds:0"] = RosterTestKit.AdminA,
            ["HrAdmins:TenantId"] = RosterTestKit.Tenant,
        });
        builder.Services.AddSingleton<IStorage>(_kit.Storage);
        builder.Services.AddLogging();
        builder.Services.AddSingleton<MainDialog>();
        builder.AddRoutes();
        builder.AddRoster();
        _host = builder.Build();
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        await _kit.DisposeAsync();
    }

    private DialogTestClient Person(string aadObjectId, string locale = "nl-NL")
    {
        var root = _host.Services.GetRequiredService<MainDialog>();
        var conversation = _kit.Client(root, aadObjectId, locale).Adapter.Conversation;
        return new DialogTestClient(root, new DialogTestClientOptions
        {
            Storage = _kit.Storage,
            TimeProvider = _kit.Clock,
            Interruptions = ConversationIntents.CreateInterruptions(_host.Services.GetRequiredService<RouteCards>()),
            Conversation = conversation,
        })
        {
            Locale = locale,
        };
    }

    private static async Task<string> ShowAsync(DialogTestClient person, string? action = null, string? route = null)
    {
        var command = new JsonObject { ["command"] = "routes" };
        if (action is not null)
        {
            command["action"] = action;
            command["route"] = route;
        }

        return Cards.AllText((await person.SendValueAsync(command.ToJsonString())).Card());
    }

    private async Task<JsonObject> ContactFormAsync(DialogTestClient admin, string key)
    {
        var list = (await admin.SendValueAsync(new JsonObject { ["command"] = "rosterAdmin" }.ToJsonString())).Card();
        var contacts = (await admin.PressAsync(list, "Contacten voor de routes")).Card();
        return (await admin.PressForKeyAsync(contacts, "Wijzigen", key)).Card();
    }

    [Fact]
    public async Task HR_records_that_there_is_no_complaints_committee_and_the_route_is_no_longer_offered_anywhere()
    {
        var before = await ShowAsync(Person(RosterTestKit.Employee));
        Assert.Contains("Klacht over ongewenst gedrag: klachtencommissie", before, StringComparison.Ordinal);

        var admin = Person(RosterTestKit.AdminA);
        var form = await ContactFormAsync(admin, "complaintCommittee");
        var saved = await admin.PressAsync(form, "Opslaan", new Dictionary<string, string> { ["active"] = "false", ["nameNl"] = "", ["nameEn"] = "", ["email"] = "", ["noteNl"] = "", ["noteEn"] = "" });

        Assert.Contains("Bestaat niet in deze gemeente: de route wordt niet aangeboden", Cards.AllText(saved.Card()), StringComparison.Ordinal);
        var person = Person(RosterTestKit.Employee);
        Assert.DoesNotContain("klachtencommissie", await ShowAsync(person), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Die route ken ik niet.", await ShowAsync(person, "route", "complaintProcedure"), StringComparison.Ordinal);

        // The snapshot the advisor receives is the same one: it cannot rank what is not in it.
        var snapshot = await _host.Services.GetRequiredService<IRouteCatalogue>().GetAsync();
        Assert.Null(snapshot.Find("complaintProcedure"));
        Assert.DoesNotContain(snapshot.Routes, route => route.Contact == "complaintCommittee");
        Assert.NotNull(snapshot.Find("police"));
    }

    [Fact]
    public async Task A_receiver_that_exists_needs_a_name_and_nothing_is_saved_without_one()
    {
        var admin = Person(RosterTestKit.AdminA);
        var before = await _kit.RosterBytesAsync();
        var form = await ContactFormAsync(admin, "integrityOfficer");

        var again = (await admin.PressAsync(form, "Opslaan", new Dictionary<string, string> { ["active"] = "true", ["nameNl"] = " " })).Card();

        Assert.NotNull(Cards.ErrorAfter(again, "nameNl"));
        Assert.Equal(before, await _kit.RosterBytesAsync());
    }

    [Theory]
    [InlineData("nl-NL", "Op vrijdag niet bereikbaar; Marja werkt ook voor twee buurgemeenten.", "Voorbeeld: Interne vertrouwenspersonen, Gemeente Voorbeeldstad")]
    [InlineData("en-US", "Not available on Fridays; Marja also works for two neighbouring municipalities.", "Example: Internal confidants, Municipality of Voorbeeldstad")]
    public async Task HRs_note_on_a_contact_is_shown_to_the_person_in_their_language(string locale, string note, string name)
    {
        var admin = Person(RosterTestKit.AdminA);
        var form = await ContactFormAsync(admin, "internalConfidant");
        await admin.PressAsync(form, "Opslaan", new Dictionary<string, string>
        {
            ["noteNl"] = "Op vrijdag niet bereikbaar; Marja werkt ook voor twee buurgemeenten.",
            ["noteEn"] = "Not available on Fridays; Marja also works for two neighbouring municipalities.",
        });

        var person = Person(RosterTestKit.Employee, locale);
        var contact = await ShowAsync(person, "contact", "internalConfidant");
        var detail = await ShowAsync(person, "route", "internalConfidant");

        Assert.Contains(note, contact, StringComparison.Ordinal);
        Assert.Contains(name, contact, StringComparison.Ordinal);
        Assert.Contains(note, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_Voorbeeldstad_example_offers_the_mayors_replacement_and_links_the_local_rules_but_no_temporary_desk()
    {
        var person = Person(RosterTestKit.Employee);

        var list = await ShowAsync(person);
        var replacement = await ShowAsync(person, "contact", "mayorReplacement");
        var integrity = await ShowAsync(person, "route", "integrityOfficer");
        var ombudsman = await ShowAsync(person, "contact", "ombudsman");

        Assert.Contains("Melden als de burgemeester zelf betrokken is", list, StringComparison.Ordinal);
        Assert.DoesNotContain("Tijdelijk meldpunt", list, StringComparison.Ordinal);
        Assert.Contains("Voorbeeld: Locoburgemeester", replacement, StringComparison.Ordinal);
        Assert.Contains("Regels van je gemeente", integrity, StringComparison.Ordinal);
        Assert.Contains("[Voorbeeld: Gedragscode medewerkers Voorbeeldstad](https://www.example.org/voorbeeldstad/gedragscode)", integrity, StringComparison.Ordinal);
        Assert.Contains("Voorbeeld: Nationale ombudsman (geldt voor Voorbeeldstad)", ombudsman, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_replacement_filled_in_the_mayors_replacement_route_does_not_exist_and_HR_can_add_it()
    {
        var admin = Person(RosterTestKit.AdminA);
        var form = await ContactFormAsync(admin, "mayorReplacement");
        await admin.PressAsync(form, "Opslaan", new Dictionary<string, string> { ["active"] = "false" });
        Assert.Null((await _host.Services.GetRequiredService<IRouteCatalogue>().GetAsync()).Find("mayorReplacement"));

        form = await ContactFormAsync(admin, "mayorReplacement");
        await admin.PressAsync(form, "Opslaan", new Dictionary<string, string> { ["active"] = "true", ["nameNl"] = "Presidium van de raad, via de griffier" });

        var contact = await ShowAsync(Person(RosterTestKit.Employee), "contact", "mayorReplacement");
        Assert.Contains("Presidium van de raad, via de griffier", contact, StringComparison.Ordinal);
    }
}
