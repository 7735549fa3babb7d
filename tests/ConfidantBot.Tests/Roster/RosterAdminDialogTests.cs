using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.BotFramework.Testing;
using ConfidantBot.Roster;

namespace ConfidantBot.Tests.Roster;

/// <summary>HR's administration driven turn by turn, on a real SQLite store.</summary>
public sealed class RosterAdminDialogTests : IAsyncLifetime
{
    private readonly RosterTestKit _kit = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _kit.DisposeAsync();

    private static Dictionary<string, string> NewConfidantInput(string id = "nieuw-1", string name = "Voorbeeld: Fleur Smit") => new()
    {
        ["id"] = id,
        ["displayName"] = name,
        ["organisation"] = "Raadsvertrouwenswerk Voorbeeld",
        ["kind"] = "External",
        ["audiences"] = "Council,College",
        ["languages"] = "nl, en",
        ["bioNl"] = "Externe vertrouwenspersoon voor raad en college.",
        ["bioEn"] = "External confidant for council and college.",
        ["invitationEmail"] = "fleur.smit@example.org",
        ["consultationHours"] = "ma 09:00-12:00; wo 13:00-17:00",
        ["slotMinutes"] = "60",
        ["bufferMinutes"] = "15",
    };

    private static async Task<JsonObject> OpenAsync(DialogTestClient admin)
        => (await admin.SendActivityAsync("beheer")).Card();

    [Fact]
    public async Task An_added_confidant_appears_in_the_admin_list_and_to_people_of_that_audience_only()
    {
        var admin = _kit.AdminClient(RosterTestKit.AdminA);
        var list = await OpenAsync(admin);
        Assert.Contains("Er staan nog geen vertrouwenspersonen in de lijst.", admin.Adapter.SentActivities.Describe());

        var form = (await admin.PressAsync(list, "Vertrouwenspersoon toevoegen")).Card();
        var saved = await admin.PressAsync(form, "Opslaan", NewConfidantInput());

        Assert.Contains("Voorbeeld: Fleur Smit is toegevoegd.", saved.Describe());
        var newList = saved.Card();
        Assert.Contains("Voorbeeld: Fleur Smit", newList.ToJsonString());
        Assert.Contains("Actief", saved.Describe());

        var councilView = _kit.ConfidantsClient();
        await councilView.SendActivityAsync("wie");
        var councilCard = await councilView.SendValueAsync(new JsonObject { ["choice"] = "Council" }.ToJsonString());
        Assert.Contains("Voorbeeld: Fleur Smit", councilCard.Describe());

        var employeeView = _kit.ConfidantsClient();
        await employeeView.SendActivityAsync("wie");
        var employeeCard = await employeeView.SendValueAsync(new JsonObject { ["choice"] = "Employees" }.ToJsonString());
        Assert.DoesNotContain("Fleur Smit", employeeCard.Describe());
    }
}
