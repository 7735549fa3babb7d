using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.BotFramework.Testing;
using ConfidantBot.Conversation;
using ConfidantBot.Roster;
using ConfidantBot.Roster.Admin;
using ConfidantBot.Routes.Cards;

namespace ConfidantBot.Tests.Roster;

/// <summary>The roster's dialogs under the real root dialog and global commands, as in the app.</summary>
public sealed class RosterThroughRootTests : IAsyncLifetime
{
    private readonly RosterTestKit _kit = new();

    public Task InitializeAsync() => _kit.SeedAsync(RosterTestKit.Confidant("c-anna", "Anna"));

    public async Task DisposeAsync() => await _kit.DisposeAsync();

    private DialogTestClient Person(string aadObjectId)
    {
        var root = new MainDialog([new RosterAdminDialog(_kit.Store, _kit.Authorizer), new ConfidantsDialog(_kit.Store)], _kit.Authorizer);
        var client = _kit.Client(root, aadObjectId);
        return new DialogTestClient(root, new DialogTestClientOptions
        {
            Storage = _kit.Storage,
            TimeProvider = _kit.Clock,
            Interruptions = ConversationIntents.CreateInterruptions(new RouteCards(Microsoft.Extensions.Options.Options.Create(new ConfidantBot.Privacy.Retention.RetentionOptions()))),
            Conversation = client.Adapter.Conversation,
        });
    }

    [Fact]
    public async Task An_admin_types_beheer_and_list_buttons_work_through_the_root_even_after_the_dialog_ended()
    {
        var admin = Person(RosterTestKit.AdminA);
        var list = (await admin.SendActivityAsync("beheer")).Card();
        Assert.Contains("Vertrouwenspersonen beheren", Cards.AllText(list));

        var closed = await admin.PressAsync(list, "Klaar");
        Assert.Contains("Beheer gesloten.", closed.Describe());

        // The old card's button still carries the root command, so it reaches the admin dialog again.
        var warning = await admin.PressForAsync(list, "Op niet actief zetten", "c-anna");
        Assert.Contains("dan zien medewerkers in de bot geen vertrouwenspersoon meer", warning.Describe());
        var replies = await admin.PressAsync(warning.Card(), "Toch op niet actief zetten");

        Assert.Contains("Anna staat nu op niet actief.", replies.Describe());
        Assert.False((await _kit.Store.FindAsync("c-anna", default))!.Active);
    }

    [Fact]
    public async Task A_form_opened_from_the_menu_saves_through_the_root()
    {
        var admin = Person(RosterTestKit.AdminA);
        var list = (await admin.SendValueAsync(new JsonObject { ["command"] = "rosterAdmin" }.ToJsonString())).Card();
        var form = (await admin.PressForAsync(list, "Wijzigen", "c-anna")).Card();

        var saved = await admin.PressAsync(form, "Opslaan", new Dictionary<string, string> { ["organisation"] = "Nieuw Bureau" });

        Assert.Contains("De wijzigingen voor Anna zijn opgeslagen.", saved.Describe());
        Assert.Equal("Nieuw Bureau", (await _kit.Store.FindAsync("c-anna", default))!.Organisation);
    }

    [Fact]
    public async Task An_employee_pressing_an_admin_button_is_refused()
    {
        var employee = Person(RosterTestKit.Employee);
        var before = await _kit.RosterBytesAsync();

        var replies = await employee.SendValueAsync(new JsonObject { ["command"] = "rosterAdmin", ["rosterAdmin"] = "deactivate", ["recordId"] = "c-anna", ["version"] = "1" }.ToJsonString());

        Assert.StartsWith("Dit onderdeel is alleen voor HR-beheerders", replies[0].Text);
        Assert.Equal(before, await _kit.RosterBytesAsync());
    }

    [Fact]
    public async Task The_book_button_of_the_confidants_view_is_the_roots_book_intent()
    {
        var employee = Person(RosterTestKit.Employee);
        await employee.SendActivityAsync("met wie kan ik praten");
        var card = (await employee.SendValueAsync(new JsonObject { ["choice"] = "Employees" }.ToJsonString())).Card();

        var data = Cards.ButtonData(card, "Afspraak maken met Anna");

        var pressed = new Activity { Type = ActivityTypes.Message, Value = System.Text.Json.JsonDocument.Parse(data.ToJsonString()).RootElement };
        Assert.Equal(ConversationIntents.Book, ConversationIntents.CreateRecognizer().Recognize(pressed));
        Assert.Equal("c-anna", data["confidantId"]!.GetValue<string>());
        Assert.Equal("Employees", data["audience"]!.GetValue<string>());
    }
}
