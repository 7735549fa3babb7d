using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.BotFramework.Dialogs.Prompts;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.BotFramework.Testing;

namespace ConfidantBot.BotFramework.Tests.Dialogs;

/// <summary>
/// What a command needs from the dialog engine: a waterfall undoes what it stored elsewhere when it
/// is cancelled (and only then), a side trip on top of an unfinished dialog can be cancelled alone,
/// and a component's inner stack can be read.
/// </summary>
public class CancelCleanupTests
{
    private readonly List<string> _cleaned = [];

    /// <summary>Asks a name (kept "elsewhere" as a draft id in its values), then yes/no.</summary>
    private ComponentDialog Flow()
    {
        var root = new ComponentDialog("root");
        root.AddDialog(new WaterfallDialog("flow",
        [
            (step, ct) => step.PromptAsync("name", PromptOptions.FromText("Naam?"), ct),
            (step, ct) =>
            {
                step.SetValue("draft", "draft-1");
                return step.PromptAsync("sure", PromptOptions.FromText("Zeker?"), ct);
            },
            (step, ct) => step.EndDialogAsync(step.Result, ct),
        ]).OnCancelled((turn, values, ct) =>
        {
            _cleaned.Add((string?)values["draft"] ?? "(none)");
            return Task.CompletedTask;
        }));
        root.AddDialog(new TextPrompt("name"));
        root.AddDialog(new ConfirmPrompt("sure"));
        return root;
    }

    private DialogTestClient Client() => new(Flow(), new DialogTestClientOptions
    {
        Interruptions = new Interruptions(new CommandRecognizer().Add(GlobalIntents.Cancel, "stop")).OnCancel(Activity.CreateMessage("Gestopt.")),
    });

    [Fact]
    public async Task Cancelling_runs_the_cleanup_with_the_values_so_far()
    {
        var client = Client();
        await client.SendActivityAsync("hoi");
        await client.SendActivityAsync("Merel");

        Assert.Equal("Gestopt.", (await client.SendActivityAsync("stop")).Describe());

        Assert.Equal(["draft-1"], _cleaned);
    }

    [Fact]
    public async Task Ending_normally_runs_no_cleanup()
    {
        var client = Client();
        await client.SendActivityAsync("hoi");
        await client.SendActivityAsync("Merel");
        await client.SendValueAsync(new { confirm = true });

        Assert.Equal(DialogTurnStatus.Complete, client.LastResult!.Status);
        Assert.Empty(_cleaned);
    }

    [Fact]
    public async Task A_side_trip_is_cancelled_alone_and_the_component_below_keeps_its_inner_stack()
    {
        var dc = new DialogSet().Add(Flow()).CreateContext(new Hosting.TurnContext(new TestAdapter(), Activity.CreateMessage("hoi")), new DialogState());
        await dc.BeginDialogAsync("root");
        await dc.BeginDialogAsync("root");
        Assert.Equal(2, dc.Stack.Count);

        await dc.CancelActiveDialogAsync();

        var below = Assert.Single(dc.Stack);
        Assert.Equal(["flow", "name"], ComponentDialog.InnerStackOf(below).Select(instance => instance.Id));
        Assert.Empty(ComponentDialog.InnerStackOf(new DialogInstance { Id = "x", State = new JsonObject() }));
    }
}
