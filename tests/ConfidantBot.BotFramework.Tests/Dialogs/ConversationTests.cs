using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.BotFramework.Testing;
using static ConfidantBot.BotFramework.Tests.Dialogs.RequestDialog;

namespace ConfidantBot.BotFramework.Tests.Dialogs;

public class ConversationTests
{
    private static DialogTestClient NewClient(IStorage? storage = null)
        => new(new RequestDialog(), new DialogTestClientOptions { Storage = storage, Interruptions = SampleInterruptions.Create() });

    /// <summary>A whole conversation, turn by turn: what the person types and what they read back.</summary>
    public static TheoryData<string, (string Input, string ExpectedReply)[]> Conversations() => new()
    {
        {
            "happy path with a typed synonym and retries on every prompt",
            [
                ("hallo", $"{TopicPrompt} {Buttons}"),
                ("ik wil iets over meldroutes weten", $"Kies een van de onderwerpen. {Buttons}"),
                ("VP", PseudonymPrompt),
                ("x", PseudonymRetry),
                ("Merel", $"Dank je, Merel. | {ConfirmQuestion} [Ja] [Nee]"),
                ("misschien", $"{ConfirmQuestion} [Ja] [Nee]"),
                ("ja", "Samenvatting sturen? [Ja] [Nee]"),
                ("Ja.", "Aangevraagd over confidant, prioriteit 2."),
            ]
        },
        {
            "number and accent-insensitive synonym, then declining",
            [
                ("hoi", $"{TopicPrompt} {Buttons}"),
                ("Cafe!", PseudonymPrompt),
                ("Merel", $"Dank je, Merel. | {ConfirmQuestion} [Ja] [Nee]"),
                ("nee", "Niets aangevraagd."),
                ("nog een keer", $"{TopicPrompt} {Buttons}"),
                ("1", PseudonymPrompt),
            ]
        },
        {
            "help and cancel only as whole commands",
            [
                ("hoi", $"{TopicPrompt} {Buttons}"),
                ("ik heb hulp nodig", $"Kies een van de onderwerpen. {Buttons}"),
                ("Hulp", $"{SampleInterruptions.HelpText} | {TopicPrompt} {Buttons}"),
                ("vertrouwenspersoon", PseudonymPrompt),
                ("nu even stop ermee", PseudonymRetry),
                ("STOP", SampleInterruptions.CancelText),
            ]
        },
    };

    [Theory]
    [MemberData(nameof(Conversations))]
    public async Task A_conversation_goes_as_the_table_says(string name, (string Input, string ExpectedReply)[] turns)
    {
        Assert.NotEmpty(name);
        var client = NewClient();
        for (var i = 0; i < turns.Length; i++)
        {
            var replies = await client.SendActivityAsync(turns[i].Input);
            Assert.True(turns[i].ExpectedReply == replies.Describe(), $"turn {i + 1} ('{turns[i].Input}'): expected \"{turns[i].ExpectedReply}\" but got \"{replies.Describe()}\"");
        }
    }

    [Fact]
    public async Task The_waterfall_completes_with_its_result_after_the_last_step()
    {
        var client = NewClient();
        foreach (var input in new[] { "hoi", "routes", "Merel", "ja", "nee" })
        {
            await client.SendActivityAsync(input);
        }

        Assert.Equal(DialogTurnStatus.Complete, client.LastResult!.Status);
        Assert.Equal("route", client.LastResult.Result);
    }

    [Fact]
    public async Task A_button_submit_value_selects_the_choice_by_id()
    {
        var client = NewClient();
        await client.SendActivityAsync("hoi");

        var replies = await client.SendValueAsync(new { choice = "other" });
        Assert.Equal(PseudonymPrompt, replies.Describe());

        await client.SendActivityAsync("Merel");
        await client.SendActivityAsync("ja");
        Assert.Equal("Aangevraagd over other, prioriteit 2.", (await client.SendActivityAsync("ja")).Describe());
    }

    [Fact]
    public async Task A_submitted_id_that_is_not_a_choice_gets_the_retry_prompt()
    {
        var client = NewClient();
        await client.SendActivityAsync("hoi");

        var replies = await client.SendValueAsync(new { choice = "Meldroutes" });

        Assert.Equal($"Kies een van de onderwerpen. {Buttons}", replies.Describe());
    }

    [Theory]
    [InlineData("meldroutes graag")]
    [InlineData("geen vertrouwenspersoon")]
    [InlineData("iets anders dan routes")]
    [InlineData("4")]
    [InlineData("0")]
    public async Task A_sentence_that_merely_contains_a_choice_word_does_not_select_it(string sentence)
    {
        var client = NewClient();
        await client.SendActivityAsync("hoi");

        var replies = await client.SendActivityAsync(sentence);

        Assert.Equal($"Kies een van de onderwerpen. {Buttons}", replies.Describe());
    }

    /// <summary>Inputs that bring a fresh conversation to each prompt of the flow, and that prompt's text.</summary>
    public static TheoryData<string[], string> Steps() => new()
    {
        { ["hoi"], $"{TopicPrompt} {Buttons}" },
        { ["hoi", "routes"], PseudonymPrompt },
        { ["hoi", "routes", "Merel"], $"{ConfirmQuestion} [Ja] [Nee]" },
        { ["hoi", "routes", "Merel", "ja"], "Samenvatting sturen? [Ja] [Nee]" },
    };

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task Help_at_any_step_explains_and_asks_the_same_question_again(string[] path, string activePrompt)
    {
        var client = NewClient();
        foreach (var input in path)
        {
            await client.SendActivityAsync(input);
        }

        var replies = await client.SendActivityAsync("help");

        Assert.Equal($"{SampleInterruptions.HelpText} | {activePrompt}", replies.Describe());
        Assert.Equal(DialogTurnStatus.Waiting, client.LastResult!.Status);

        // The same step is still waiting: a help button (command value) repeats it again.
        Assert.Equal($"{SampleInterruptions.HelpText} | {activePrompt}", (await client.SendValueAsync(new { command = "help" })).Describe());
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task Cancel_at_any_step_empties_the_stack_and_the_next_message_starts_fresh(string[] path, string activePrompt)
    {
        Assert.NotEmpty(activePrompt);
        var storage = new MemoryStorage();
        var client = NewClient(storage);
        foreach (var input in path)
        {
            await client.SendActivityAsync(input);
        }

        var replies = await client.SendActivityAsync("annuleer");

        Assert.Equal(SampleInterruptions.CancelText, replies.Describe());
        Assert.Equal(DialogTurnStatus.Cancelled, client.LastResult!.Status);
        Assert.Empty((await StoredState.DialogStackAsync(storage))!);
        Assert.Equal($"{TopicPrompt} {Buttons}", (await client.SendActivityAsync("routes")).Describe());
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task Start_over_at_any_step_begins_the_root_dialog_again(string[] path, string activePrompt)
    {
        Assert.NotEmpty(activePrompt);
        var client = NewClient();
        foreach (var input in path)
        {
            await client.SendActivityAsync(input);
        }

        Assert.Equal($"{TopicPrompt} {Buttons}", (await client.SendActivityAsync("Start over")).Describe());
        Assert.Equal(PseudonymPrompt, (await client.SendActivityAsync("2")).Describe());
    }

    [Fact]
    public async Task An_unknown_command_value_is_not_an_interruption()
    {
        var client = NewClient();
        await client.SendActivityAsync("hoi");

        var replies = await client.SendValueAsync(new { command = "format-disk" });

        Assert.Equal($"Kies een van de onderwerpen. {Buttons}", replies.Describe());
    }
}
