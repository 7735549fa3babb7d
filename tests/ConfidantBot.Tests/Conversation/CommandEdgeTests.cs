using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConfidantBot.Booking;
using ConfidantBot.Booking.Dialogs;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.Conversation;
using ConfidantBot.Presentation;
using ConfidantBot.Privacy.Routing;
using Microsoft.Extensions.DependencyInjection;
using static ConfidantBot.Tests.Conversation.CommandsFromEveryStateTests;

namespace ConfidantBot.Tests.Conversation;

/// <summary>
/// The commands of <see cref="CommandsFromEveryStateTests"/> at their edges, through the real host:
/// how they may be typed, sentences that merely contain one, the help text and the Teams command
/// list against what is recognised, and what "stop", "opnieuw" and "vergeet mij" do to a booking
/// that is half made or already sent.
/// </summary>
public sealed partial class CommandEdgeTests(CommandHostFixture fixture) : IClassFixture<CommandHostFixture>
{
    private const string SlotState = "booking, which time";

    [GeneratedRegex("'([^']+)'")]
    private static partial Regex Quoted();

    /// <summary>Casing, spaces, punctuation and every synonym: the same command.</summary>
    public static TheoryData<string, string, string> Variants() => new()
    {
        { "help", " HELP ", "nl-NL" }, { "help", "Help!", "nl-NL" }, { "help", "hulp", "nl-NL" }, { "help", "Help?", "en-US" },
        { "stop", "Stop.", "nl-NL" }, { "stop", "STOP", "en-US" }, { "stop", "annuleer", "nl-NL" }, { "stop", "Annuleren", "nl-NL" }, { "stop", "stop", "en-US" },
        { "startOver", "Opnieuw!", "nl-NL" }, { "startOver", "begin   opnieuw", "nl-NL" }, { "startOver", "Restart", "en-US" }, { "startOver", "start over.", "en-US" },
        { "menu", "Menu", "nl-NL" }, { "menu", "hallo", "nl-NL" }, { "menu", "Hi!", "en-US" },
        { "myBookings", "MIJN AFSPRAKEN", "nl-NL" }, { "myBookings", "mijn  afspraken.", "nl-NL" }, { "myBookings", "My bookings?", "en-US" },
        { "whatStored", "Wat bewaar je?", "nl-NL" }, { "whatStored", "wat bewaren jullie", "nl-NL" }, { "whatStored", "privacy", "en-US" }, { "whatStored", "What do you store?", "en-US" },
        { "forgetMe", "Vergeet me", "nl-NL" }, { "forgetMe", "vergeet mij!", "nl-NL" }, { "forgetMe", "Forget me.", "en-US" },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task A_command_typed_with_other_casing_spacing_punctuation_or_a_synonym_is_the_same_command(string commandName, string typed, string locale)
    {
        foreach (var stateName in new[] { SlotState, "the menu" })
        {
            var state = States[stateName];
            var chat = await fixture.ChatAsync(state, locale);
            var reached = await state.ReachAsync(chat);

            var reply = await chat.TypeAsync(typed);

            await AssertOutcomeAsync(state, commandName, chat, reached, reply);
        }
    }

    /// <summary>A sentence with a command word in it is not that command.</summary>
    public static TheoryData<string, string> Sentences() => new()
    {
        { "Ik wil stoppen met dit gesprek over mijn chef", "nl-NL" },
        { "help mij, mijn chef pest mij", "nl-NL" },
        { "Kun je mijn afspraken van vorige week laten zien aan HR?", "nl-NL" },
        { "vergeet mij niet te bellen", "nl-NL" },
        { "begin opnieuw met de vragen over de wethouder", "nl-NL" },
        { "please help me with my manager", "en-US" },
        { "don't forget me", "en-US" },
        { "stop the bullying", "en-US" },
    };

    [Theory]
    [MemberData(nameof(Sentences))]
    public async Task A_sentence_that_contains_a_command_word_is_not_a_command(string sentence, string locale)
    {
        // At a choice: the question is asked again, and the answer still counts.
        var slot = States[SlotState];
        var chat = await fixture.ChatAsync(slot, locale);
        var reached = await slot.ReachAsync(chat);
        var reply = await chat.TypeAsync(sentence);
        AssertNoCommandText(chat, reply);
        Assert.StartsWith(ChatTurn.Marker(chat.Culture, "booking.slot.retry"), reply.LastVisible, StringComparison.Ordinal);
        Assert.True(slot.WentOn!(reached, await chat.SendAsync(slot.Answer!(reached)), chat.Culture), "the booking did not go on");

        // In the guide: the kind answer to a story, and the same question.
        var guide = States["guide, third question"];
        chat = await fixture.ChatAsync(guide, locale);
        reached = await guide.ReachAsync(chat);
        reply = await chat.TypeAsync(sentence);
        AssertNoCommandText(chat, reply);
        Assert.True(reply.Says(chat.Culture, "routes.freeText.text"), "no story answer: " + reply);
        Assert.Equal(reached.GuideQuestion, reply.GuideQuestion);

        // With nothing going on: the story answer and the menu.
        chat = await fixture.ChatAsync(States["the menu"], locale);
        reply = await chat.TypeAsync(sentence);
        AssertNoCommandText(chat, reply);
        Assert.True(reply.Says(chat.Culture, "conversation.freeText") && reply.ShowsMenu(chat.Culture), "no story answer with the menu: " + reply);
    }

    private static void AssertNoCommandText(CommandChat chat, ChatTurn reply)
    {
        foreach (var key in new[] { "conversation.help", "conversation.cancelled", "conversation.nothingToStop", "conversation.forget.confirm", "booking.mine.none", "booking.mine.title", "routes.privacy.title" })
        {
            Assert.False(reply.Says(chat.Culture, key), $"treated as a command ({key}): {reply}");
        }
    }

    [Fact]
    public void Every_command_the_help_text_and_the_Teams_command_list_name_is_recognised_and_walked_by_the_table()
    {
        var recognizer = ConversationIntents.CreateRecognizer();
        var walked = Commands.Values.SelectMany(command => new[] { command.Nl, command.En }).Select(phrase => Recognize(recognizer, phrase)).ToHashSet();
        var promised = new List<string>();
        foreach (var culture in new[] { Locales.Dutch, Locales.English })
        {
            promised.AddRange(Quoted().Matches(Texts.Get(culture, "conversation.help")).Select(match => match.Groups[1].Value));
        }

        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "manifest", "manifest.json")))!;
        promised.AddRange(manifest["bots"]![0]!["commandLists"]![0]!["commands"]!.AsArray().Select(command => (string)command!["title"]!));
        var english = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "manifest", "en-us.json")))!.AsObject();
        promised.AddRange(english.Where(pair => Regex.IsMatch(pair.Key, @"^bots\[0\]\.commandLists\[0\]\.commands\[\d+\]\.title$")).Select(pair => (string)pair.Value!));

        Assert.True(promised.Count >= 20, string.Join(", ", promised));
        foreach (var phrase in promised.Distinct())
        {
            var intent = Recognize(recognizer, phrase);
            Assert.True(intent is not null, $"'{phrase}' is promised but not recognised");
            Assert.True(walked.Contains(intent), $"'{phrase}' ({intent}) is promised but the table does not walk it");
        }
    }

    [Theory]
    [InlineData("stop")]
    [InlineData("opnieuw")]
    [InlineData("routes")]
    public async Task Leaving_a_booking_half_way_deletes_its_sealed_draft_and_the_old_Ja_sends_nothing(string command)
    {
        var chat = new CommandChat(fixture, "nl-NL", CommandHostFixture.NewPerson());
        var summary = await chat.WalkBookingAsync(5);
        var yes = summary.Buttons.Single(data => data["confirm"] is JsonValue value && value.GetValue<bool>());
        var draftsBefore = await CountAsync(SealedRoutingStore.RecordPartitionPrefix + BookingDraftStore.Purpose);
        var bookingsBefore = await CountAsync(BookingRecord.Partition);

        await chat.TypeAsync(command);
        var late = await chat.PressAsync(yes);

        Assert.Equal(draftsBefore - 1, await CountAsync(SealedRoutingStore.RecordPartitionPrefix + BookingDraftStore.Purpose));
        Assert.Equal(bookingsBefore, await CountAsync(BookingRecord.Partition));
        Assert.False(late.Says(chat.Culture, "booking.done.next") || late.Says(chat.Culture, "booking.confirm.alreadySentNoReference"), "the old Ja was answered: " + late);
    }

    [Fact]
    public async Task Forget_me_at_the_booking_summary_deletes_the_draft_and_the_old_Ja_books_nothing_afterwards()
    {
        var chat = new CommandChat(fixture, "nl-NL", CommandHostFixture.NewPerson());
        var summary = await chat.WalkBookingAsync(5);
        var yes = summary.Buttons.Single(data => data["confirm"] is JsonValue value && value.GetValue<bool>());
        var draftsBefore = await CountAsync(SealedRoutingStore.RecordPartitionPrefix + BookingDraftStore.Purpose);
        var bookingsBefore = await CountAsync(BookingRecord.Partition);

        await chat.TypeAsync("vergeet mij");
        var forgotten = await chat.PressAsync(new JsonObject { ["confirm"] = true });

        Assert.Equal(Texts.Format(chat.Culture, "conversation.forget.doneNoBookings", 1), Assert.Single(forgotten.Replies).VisibleText);
        Assert.Equal(draftsBefore - 1, await CountAsync(SealedRoutingStore.RecordPartitionPrefix + BookingDraftStore.Purpose));
        var late = await chat.PressAsync(yes);
        Assert.True(late.ShowsMenu(chat.Culture), "expected the menu: " + late);
        Assert.Equal(bookingsBefore, await CountAsync(BookingRecord.Partition));
    }

    [Fact]
    public async Task Forget_me_while_asked_to_cancel_a_booking_cancels_it_and_the_old_question_is_gone()
    {
        var chat = new CommandChat(fixture, "nl-NL", CommandHostFixture.NewPerson());
        var sent = await chat.BookAsync();
        var reference = ReferencePattern().Match(sent.Visible).Value;
        var list = await chat.TypeAsync("mijn afspraken");
        await chat.PressAsync(list.Buttons.Single(data => (string?)data["choice"] == reference));

        await chat.TypeAsync("vergeet mij");
        var forgotten = await chat.PressAsync(new JsonObject { ["confirm"] = true });

        Assert.Equal(Texts.Format(chat.Culture, "conversation.forget.done", 1, 1), Assert.Single(forgotten.Replies).VisibleText);
        var late = await chat.PressAsync(new JsonObject { ["confirm"] = true });
        Assert.True(late.ShowsMenu(chat.Culture), "the old cancel question was answered: " + late);
        Assert.Equal(Texts.Get(chat.Culture, "booking.mine.none"), Assert.Single((await chat.TypeAsync("mijn afspraken")).Replies).VisibleText);
    }

    [Fact]
    public async Task My_bookings_in_the_middle_of_a_booking_shows_the_list_cancels_from_there_and_then_the_booking_goes_on()
    {
        var chat = new CommandChat(fixture, "nl-NL", CommandHostFixture.NewPerson());
        var first = ReferencePattern().Match((await chat.BookAsync()).Visible).Value;
        var second = ReferencePattern().Match((await chat.BookAsync()).Visible).Value;
        var slot = States[SlotState];
        var reached = await chat.WalkBookingAsync(1);

        var list = await chat.TypeAsync("mijn afspraken");
        Assert.Contains(first, list.Visible, StringComparison.Ordinal);
        Assert.Contains(second, list.Visible, StringComparison.Ordinal);
        await chat.PressAsync(list.Buttons.Single(data => (string?)data["choice"] == first));
        var cancelled = await chat.PressAsync(new JsonObject { ["confirm"] = true });
        Assert.Equal(Texts.Format(chat.Culture, "booking.mine.cancelled", first), cancelled.Replies[0].VisibleText);
        Assert.Equal(reached.LastVisible, cancelled.LastVisible);

        var again = await chat.TypeAsync("mijn afspraken");
        Assert.DoesNotContain(first, again.Visible, StringComparison.Ordinal);
        var done = await chat.PressAsync(new JsonObject { ["choice"] = MyBookingsDialog.DoneChoice });
        Assert.Equal(reached.LastVisible, Assert.Single(done.Replies).VisibleText);
        Assert.True(slot.WentOn!(reached, await chat.SendAsync(slot.Answer!(reached)), chat.Culture), "the booking did not go on");
    }

    [Theory]
    [InlineData("de-DE")]
    [InlineData(null)]
    public async Task A_chat_in_a_language_the_bot_does_not_speak_gets_Dutch_questions_with_Dutch_yes_and_no(string? locale)
    {
        var chat = new CommandChat(fixture, "nl-NL", CommandHostFixture.NewPerson());
        var reference = ReferencePattern().Match((await chat.BookAsync()).Visible).Value;
        var other = new CommandChat(fixture, locale, chat.Person, chat.ConversationId);

        var forget = await other.TypeAsync("vergeet mij");
        await other.PressAsync(new JsonObject { ["confirm"] = false });
        var list = await other.TypeAsync("mijn afspraken");
        var cancel = await other.PressAsync(list.Buttons.Single(data => (string?)data["choice"] == reference));

        foreach (var question in new[] { forget, cancel })
        {
            var buttons = Assert.Single(question.Replies).VisibleText.Split('\n')[^2..];
            Assert.Equal(["Ja", "Nee"], buttons);
        }
    }

    [GeneratedRegex("[34679ACDEFGHJKMNPQRTUVWXY]{3}-[34679ACDEFGHJKMNPQRTUVWXY]{4}")]
    private static partial Regex ReferencePattern();

    private static string? Recognize(BotFramework.Dialogs.CommandRecognizer recognizer, string phrase)
        => recognizer.Recognize(new Activity { Type = ActivityTypes.Message, Text = phrase });

    private async Task<int> CountAsync(string partition)
    {
        var count = 0;
        await foreach (var _ in fixture.Host.Services.GetRequiredService<IStorage>().QueryAsync(partition, CancellationToken.None))
        {
            count++;
        }

        return count;
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "ConfidantBot.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("The repository root was not found above " + AppContext.BaseDirectory);
    }
}
