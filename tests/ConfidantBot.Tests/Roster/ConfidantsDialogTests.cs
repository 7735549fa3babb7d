using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.BotFramework.Testing;
using ConfidantBot.Roster;

namespace ConfidantBot.Tests.Roster;

/// <summary>"Who can I talk to?" for everyone, on a real SQLite store.</summary>
public sealed class ConfidantsDialogTests : IAsyncLifetime
{
    private readonly RosterTestKit _kit = new();

    public async Task InitializeAsync()
    {
        var external = RosterTestKit.Confidant("c-ext", "Extern Eva", ConfidantKind.External, Audience.Employees) with
        {
            Bio = new LocalizedText("Eva luistert naar je.", "Eva listens to you."),
            Languages = ["nl", "en", "tr"],
        };
        var council = RosterTestKit.Confidant("c-raad", "Raads Ruud", ConfidantKind.External, Audience.Council, Audience.College);
        var internalOne = RosterTestKit.Confidant("c-int", "Intern Ilse", ConfidantKind.Internal, Audience.Employees);
        var inactive = RosterTestKit.Confidant("c-weg", "Weg Wim", ConfidantKind.External, Audience.Employees) with { Active = false };
        await _kit.SeedAsync(external, council, internalOne, inactive);
    }

    public async Task DisposeAsync() => await _kit.DisposeAsync();

    [Fact]
    public async Task The_audience_is_asked_once_and_only_active_confidants_of_it_are_shown_with_bio_languages_and_kind()
    {
        var person = _kit.ConfidantsClient();

        var question = await person.SendActivityAsync("met wie kan ik praten");

        var questionCard = question.Card();
        Assert.Contains("Voor wie zoek je een vertrouwenspersoon?", Cards.AllText(questionCard));
        Assert.Equal(["Ik werk bij de gemeente", "Ik ben raadslid", "Ik ben lid van het college"], Cards.ButtonTitles(questionCard));

        var answer = await person.PressAsync(questionCard, "Ik werk bij de gemeente");

        var text = Cards.AllText(answer.Card());
        Assert.Contains("Extern Eva", text);
        Assert.Contains("Eva luistert naar je.", text);
        Assert.Contains("Spreekt: Nederlands, English, Türkçe", text);
        Assert.Contains("Extern · Voorbeeld Vertrouwenswerk", text);
        Assert.Contains("Intern · Voorbeeld Vertrouwenswerk", text);
        Assert.DoesNotContain("Raads Ruud", text);
        Assert.DoesNotContain("Weg Wim", text);
        Assert.Contains("artikel 162 Wetboek van Strafvordering", text);
        Assert.Contains("Een externe vertrouwenspersoon heeft die plicht niet.", text);
        Assert.Equal(DialogTurnStatus.Complete, person.LastResult!.Status);
    }

    [Fact]
    public async Task Each_confidant_has_a_button_that_starts_a_booking_with_that_confidant_and_audience()
    {
        var person = _kit.ConfidantsClient();
        await person.SendActivityAsync("vertrouwenspersonen");

        var card = (await person.SendValueAsync(new JsonObject { ["choice"] = "Council" }.ToJsonString())).Card();

        var data = Cards.ButtonData(card, "Afspraak maken met Raads Ruud");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"command":"book","confidantId":"c-raad","audience":"Council"}"""), data));
        Assert.Single(Cards.ButtonTitles(card));
    }

    [Fact]
    public async Task An_audience_in_the_options_is_not_asked_again_and_English_shows_the_English_bio()
    {
        var root = new WaterfallDialog("root", [
            (step, ct) => step.BeginDialogAsync(ConfidantsDialog.Id, new ConfidantsOptions(Audience.Employees), ct),
            (step, ct) => step.EndDialogAsync(step.Result, ct),
        ]);
        var wrapper = new ComponentDialog("wrapper");
        wrapper.AddDialog(root).AddDialog(new ConfidantsDialog(_kit.Store));
        var person = _kit.Client(wrapper, RosterTestKit.Employee, "en-GB");

        var replies = await person.SendActivityAsync("who can i talk to");

        var text = Cards.AllText(replies.Card());
        Assert.Contains("Eva listens to you.", text);
        Assert.Contains("Speaks: Dutch, English, Turkish", text);
        Assert.Contains("article 162 of the Dutch Code of Criminal Procedure", text);
        Assert.DoesNotContain("Who are you looking for", replies.Describe());
    }

    [Fact]
    public async Task Without_confidants_for_the_audience_the_person_is_told_where_else_to_go()
    {
        await _kit.Store.SetActiveAsync("c-raad", active: false, expectedVersion: 1, RosterTestKit.AdminA, default);
        var person = _kit.ConfidantsClient();
        await person.SendActivityAsync("vertrouwenspersonen");

        var replies = await person.SendActivityAsync("Ik ben lid van het college");

        Assert.StartsWith("Er staat op dit moment geen vertrouwenspersoon voor jouw groep in de lijst.", Assert.Single(replies).Text);
    }
}
