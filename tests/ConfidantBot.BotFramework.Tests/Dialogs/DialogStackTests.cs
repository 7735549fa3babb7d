using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.BotFramework.Dialogs.Prompts;
using ConfidantBot.BotFramework.Hosting;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.BotFramework.Testing;

namespace ConfidantBot.BotFramework.Tests.Dialogs;

public class DialogStackTests
{
    private static readonly Choice[] Menu = [new("a", "Routes"), new("b", "Afspraak"), new("done", "Klaar")];

    /// <summary>A menu that loops with ReplaceDialog until "Klaar", counting rounds in its options.</summary>
    private static ComponentDialog MenuLoop()
    {
        var root = new ComponentDialog("root");
        root.AddDialog(new WaterfallDialog("menu",
        [
            (step, ct) => step.PromptAsync("pick", new PromptOptions { Prompt = Activity.CreateMessage($"Menu (ronde {step.GetOptions<MenuRound>()?.Round ?? 1})"), Choices = Menu }, ct),
            async (step, ct) =>
            {
                var picked = step.GetResult<FoundChoice>()!;
                if (picked.Id == "done")
                {
                    return await step.EndDialogAsync("klaar", ct);
                }

                await step.Context.SendTextAsync($"Gekozen: {picked.Choice.Title}", ct);
                return await step.ReplaceDialogAsync("menu", new MenuRound((step.GetOptions<MenuRound>()?.Round ?? 1) + 1), ct);
            },
        ]));
        root.AddDialog(new ChoicePrompt("pick"));
        return root;
    }

    private sealed record MenuRound(int Round);

    [Fact]
    public async Task ReplaceDialog_loops_a_menu_without_growing_the_stack()
    {
        var storage = new MemoryStorage();
        var client = new DialogTestClient(MenuLoop(), new DialogTestClientOptions { Storage = storage });
        Assert.Equal("Menu (ronde 1) [Routes] [Afspraak] [Klaar]", (await client.SendActivityAsync("hoi")).Describe());

        Assert.Equal("Gekozen: Routes | Menu (ronde 2) [Routes] [Afspraak] [Klaar]", (await client.SendActivityAsync("routes")).Describe());
        Assert.Equal("Gekozen: Afspraak | Menu (ronde 3) [Routes] [Afspraak] [Klaar]", (await client.SendValueAsync(new { choice = "b" })).Describe());

        var root = (await StoredState.DialogStackAsync(storage))!.Single()!;
        var inner = root["state"]!["dialogs"]!["dialogStack"]!.AsArray();
        Assert.Equal(["menu", "pick"], inner.Select(d => d!["id"]!.GetValue<string>()));

        await client.SendActivityAsync("klaar");
        Assert.Equal(DialogTurnStatus.Complete, client.LastResult!.Status);
        Assert.Equal("klaar", client.LastResult.Result);
        Assert.Empty((await StoredState.DialogStackAsync(storage))!);
    }

    [Fact]
    public async Task A_child_dialog_receives_typed_options_in_the_same_turn()
    {
        RequestOptions? received = null;
        var root = new ComponentDialog("root");
        root.AddDialog(new WaterfallDialog("parent",
        [
            (step, ct) => step.BeginDialogAsync("child", new RequestOptions("confidant", 3), ct),
            (step, ct) => step.EndDialogAsync(step.Result, ct),
        ]));
        root.AddDialog(new WaterfallDialog("child",
        [
            (step, ct) =>
            {
                received = step.GetOptions<RequestOptions>();
                return step.EndDialogAsync(received!.Priority * 10, ct);
            },
        ]));
        var client = new DialogTestClient(root);

        await client.SendActivityAsync("hoi");

        Assert.Equal(new RequestOptions("confidant", 3), received);
        Assert.Equal(30, client.LastResult!.Result);
    }

    [Fact]
    public async Task A_waterfall_step_can_wait_for_plain_text_and_skip_ahead_with_next()
    {
        var root = new WaterfallDialog("root",
        [
            async (step, ct) =>
            {
                await step.Context.SendTextAsync("Zeg iets.", ct);
                return Dialog.EndOfTurn;
            },
            (step, ct) => step.NextAsync(step.Result is string text ? text.Length : 0, ct),
            async (step, ct) =>
            {
                await step.Context.SendTextAsync($"{step.Result} tekens.", ct);
                return await step.EndDialogAsync(null, ct);
            },
        ]);
        var client = new DialogTestClient(root);

        Assert.Equal("Zeg iets.", (await client.SendActivityAsync("hoi")).Describe());
        Assert.Equal("5 tekens.", (await client.SendActivityAsync("hallo")).Describe());
    }

    [Fact]
    public async Task Beginning_an_unknown_dialog_names_it_in_the_error()
    {
        var root = new WaterfallDialog("root", [(step, ct) => step.BeginDialogAsync("missing", null, ct)]);
        var client = new DialogTestClient(root);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.SendActivityAsync("hoi"));
        Assert.Contains("'missing'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_app_defined_interruption_can_begin_its_own_dialog_over_the_active_one()
    {
        var root = new ComponentDialog("root");
        root.AddDialog(new WaterfallDialog("main", [(step, ct) => step.PromptAsync("name", PromptOptions.FromText("Naam?"), ct), (step, ct) => step.EndDialogAsync(null, ct)]));
        root.AddDialog(new TextPrompt("name"));
        var bookings = new WaterfallDialog("bookings", [async (step, ct) =>
        {
            await step.Context.SendTextAsync("Je hebt geen afspraken.", ct);
            return await step.EndDialogAsync(null, ct);
        }]);
        var interruptions = new Interruptions(new CommandRecognizer().Add("myBookings", "mijn afspraken"))
            .On("myBookings", async (interruption, ct) =>
            {
                var dc = new DialogContext(new DialogSet().Add(bookings), interruption.Context, new DialogState());
                await dc.BeginDialogAsync("bookings", null, ct);
                await interruption.DialogContext.RepromptDialogAsync(ct);
                return Dialog.EndOfTurn;
            });
        var client = new DialogTestClient(root, new DialogTestClientOptions { Interruptions = interruptions });
        await client.SendActivityAsync("hoi");

        Assert.Equal("Je hebt geen afspraken. | Naam?", (await client.SendActivityAsync("Mijn afspraken")).Describe());
        await client.SendActivityAsync("Merel");
        Assert.Equal(DialogTurnStatus.Complete, client.LastResult!.Status);
    }

    [Fact]
    public void A_phrase_cannot_mean_two_intents()
    {
        var recognizer = new CommandRecognizer().Add(GlobalIntents.Help, "help");

        Assert.Throws<ArgumentException>(() => recognizer.Add(GlobalIntents.Cancel, "Help!"));
    }

    [Fact]
    public async Task Dialog_state_is_plain_json_with_ids_and_values()
    {
        var storage = new MemoryStorage();
        var client = new DialogTestClient(new RequestDialog(), new DialogTestClientOptions { Storage = storage });
        await client.SendActivityAsync("hoi");
        await client.SendActivityAsync("routes");

        var root = (await StoredState.DialogStackAsync(storage))!.Single()!;
        Assert.Equal("request", root["id"]!.GetValue<string>());
        var main = root["state"]!["dialogs"]!["dialogStack"]![0]!;
        Assert.Equal("main", main["id"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["topic"] = "route" }, main["state"]!["values"]));
    }
}
