using System.Text;
using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Hosting;
using ConfidantBot.BotFramework.State;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.BotFramework.Testing;
using Microsoft.Extensions.Time.Testing;
using static ConfidantBot.BotFramework.Tests.Dialogs.RequestDialog;

namespace ConfidantBot.BotFramework.Tests.Dialogs;

public class ConversationStateTests
{
    private enum Mode
    {
        Online,
        InPerson,
    }

    private sealed record Preferences(string SlotId, Mode Mode);

    private static TurnContext Turn(TestAdapter adapter, string type = "message") => new(adapter, adapter.MakeActivity("x", type));

    [Fact]
    public async Task State_survives_a_restart_on_the_same_storage()
    {
        var storage = new MemoryStorage();
        var before = new DialogTestClient(new RequestDialog(), new DialogTestClientOptions { Storage = storage });
        await before.SendActivityAsync("hoi");
        await before.SendActivityAsync("vp");

        // A new host: new dialogs, state object, runner and adapter; only the storage is the same.
        var after = new DialogTestClient(new RequestDialog(), new DialogTestClientOptions { Storage = storage });
        Assert.Equal($"Dank je, Merel. | {ConfirmQuestion} [Ja] [Nee]", (await after.SendActivityAsync("Merel")).Describe());
        await after.SendActivityAsync("ja");
        Assert.Equal("Aangevraagd over confidant, prioriteit 2.", (await after.SendActivityAsync("ja")).Describe());
    }

    [Fact]
    public async Task After_30_idle_minutes_the_conversation_starts_fresh()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        var options = new DialogTestClientOptions { Storage = new MemoryStorage(time), TimeProvider = time };
        var client = new DialogTestClient(new RequestDialog(), options);
        await client.SendActivityAsync("hoi");
        await client.SendActivityAsync("routes");

        time.Advance(TimeSpan.FromMinutes(31));

        Assert.Equal($"{TopicPrompt} {Buttons}", (await client.SendActivityAsync("Merel")).Describe());
    }

    [Fact]
    public async Task Each_turn_restarts_the_idle_clock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        var options = new DialogTestClientOptions { Storage = new MemoryStorage(time), TimeProvider = time };
        var client = new DialogTestClient(new RequestDialog(), options);
        await client.SendActivityAsync("hoi");

        time.Advance(TimeSpan.FromMinutes(25));
        Assert.Equal(PseudonymPrompt, (await client.SendActivityAsync("routes")).Describe());
        time.Advance(TimeSpan.FromMinutes(25));
        Assert.Equal($"Dank je, Merel. | {ConfirmQuestion} [Ja] [Nee]", (await client.SendActivityAsync("Merel")).Describe());
    }

    [Fact]
    public async Task Help_alone_still_keeps_an_active_conversation_alive()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        var options = new DialogTestClientOptions { Storage = new MemoryStorage(time), TimeProvider = time, Interruptions = SampleInterruptions.Create() };
        var client = new DialogTestClient(new RequestDialog(), options);
        await client.SendActivityAsync("hoi");

        for (var i = 0; i < 3; i++)
        {
            time.Advance(TimeSpan.FromMinutes(20));
            await client.SendActivityAsync("help");
        }

        Assert.Equal(PseudonymPrompt, (await client.SendActivityAsync("routes")).Describe());
    }

    [Fact]
    public async Task The_idle_expiry_is_an_option()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        var storage = new MemoryStorage(time);
        var state = new ConversationState(storage, time, new ConversationStateOptions { IdleExpiry = TimeSpan.FromMinutes(5) });
        var turn = Turn(new TestAdapter());
        await state.SetAsync(turn, "slot", "slot-1");
        await state.SaveChangesAsync(turn);

        var item = await storage.ReadAsync(ConversationState.GetStorageKey(turn.Activity));
        Assert.Equal(time.GetUtcNow().AddMinutes(5), item!.ExpiresAt);
        Assert.Throws<ArgumentException>(() => new ConversationState(storage, time, new ConversationStateOptions { IdleExpiry = TimeSpan.Zero }));
    }

    [Fact]
    public async Task A_save_on_stale_state_raises_a_conflict_and_keeps_the_first_write()
    {
        var storage = new MemoryStorage();
        var state = new ConversationState(storage, TimeProvider.System);
        var adapter = new TestAdapter();
        var seed = Turn(adapter);
        await state.SetAsync(seed, "slot", "slot-0");
        await state.SaveChangesAsync(seed);

        // Two turns of the same conversation read the same version at once.
        var first = Turn(adapter);
        var second = Turn(adapter);
        await state.LoadAsync(first);
        await state.LoadAsync(second);
        await state.SetAsync(first, "slot", "slot-1");
        await state.SaveChangesAsync(first);
        await state.SetAsync(second, "slot", "slot-2");

        await Assert.ThrowsAsync<StorageConflictException>(() => state.SaveChangesAsync(second));
        var reread = Turn(adapter);
        Assert.Equal("slot-1", await state.GetAsync<string>(reread, "slot"));
    }

    [Fact]
    public async Task Two_turns_that_both_create_a_new_conversation_conflict()
    {
        var storage = new MemoryStorage();
        var state = new ConversationState(storage, TimeProvider.System);
        var adapter = new TestAdapter();
        var first = Turn(adapter);
        var second = Turn(adapter);
        await state.SetAsync(first, "slot", "a");
        await state.SetAsync(second, "slot", "b");
        await state.SaveChangesAsync(first);

        await Assert.ThrowsAsync<StorageConflictException>(() => state.SaveChangesAsync(second));
    }

    [Fact]
    public async Task A_dialog_turn_on_stale_state_raises_a_conflict()
    {
        var storage = new MemoryStorage();
        var client = new DialogTestClient(new RequestDialog(), new DialogTestClientOptions { Storage = storage });
        await client.SendActivityAsync("hoi");

        // Another instance answers in between, after this turn read the state.
        var other = new DialogTestClient(new RequestDialog(), new DialogTestClientOptions { Storage = storage });
        var stale = new ConversationState(storage, TimeProvider.System);
        var turn = Turn(client.Adapter);
        await stale.LoadAsync(turn);
        await other.SendActivityAsync("routes");

        var runner = new ConfidantBot.BotFramework.Dialogs.DialogRunner(new RequestDialog(), stale);
        await Assert.ThrowsAsync<StorageConflictException>(() => runner.RunAsync(turn));
    }

    [Fact]
    public async Task Typed_values_round_trip_and_are_stored_as_json_with_enum_names()
    {
        var storage = new MemoryStorage();
        var state = new ConversationState(storage, TimeProvider.System);
        var adapter = new TestAdapter();
        var turn = Turn(adapter);
        var prefs = await state.GetAsync(turn, "prefs", () => new Preferences("slot-7", Mode.Online));
        await state.SetAsync(turn, "prefs", prefs! with { Mode = Mode.InPerson });
        await state.SaveChangesAsync(turn);

        var stored = await StoredState.DocumentAsync(storage);
        Assert.Equal("InPerson", stored!["prefs"]!["mode"]!.GetValue<string>());
        Assert.Equal(new Preferences("slot-7", Mode.InPerson), await state.GetAsync<Preferences>(Turn(adapter), "prefs"));
    }

    [Fact]
    public async Task Nothing_is_written_when_nothing_changed()
    {
        var storage = new MemoryStorage();
        var client = new DialogTestClient(new RequestDialog(), new DialogTestClientOptions { Storage = storage });
        await client.SendActivityAsync("hoi");
        var writes = storage.WriteCount;

        // Typing and a reaction are not answers: the prompt keeps waiting and the state is unchanged.
        await client.SendActivityAsync(client.Adapter.MakeActivity(type: "typing"));
        await client.SendActivityAsync(client.Adapter.MakeActivity(type: "messageReaction"));
        var state = new ConversationState(storage, TimeProvider.System);
        await state.LoadAsync(Turn(client.Adapter));

        Assert.Equal(writes, storage.WriteCount);
        Assert.Equal(PseudonymPrompt, (await client.SendActivityAsync("routes")).Describe());
        Assert.Equal(writes + 1, storage.WriteCount);
    }

    [Fact]
    public async Task Delete_removes_one_property_and_clear_removes_the_conversation()
    {
        var storage = new MemoryStorage();
        var state = new ConversationState(storage, TimeProvider.System);
        var adapter = new TestAdapter();
        var turn = Turn(adapter);
        await state.SetAsync(turn, "a", 1);
        await state.SetAsync(turn, "b", 2);
        await state.SaveChangesAsync(turn);

        var next = Turn(adapter);
        await state.DeleteAsync(next, "a");
        await state.SaveChangesAsync(next);
        Assert.Equal(new JsonObject { ["b"] = 2 }.ToJsonString(), (await StoredState.DocumentAsync(storage))!.ToJsonString());

        var forget = Turn(adapter);
        await state.ClearAsync(forget);
        Assert.Null(await storage.ReadAsync(StoredState.Key));
        Assert.Equal(0, await state.GetAsync<int>(forget, "b"));
    }

    [Fact]
    public void The_storage_key_is_the_conversation_partition_and_channel_plus_conversation_id()
    {
        var adapter = new TestAdapter();
        var key = ConversationState.GetStorageKey(adapter.MakeActivity("x"));

        Assert.Equal(new StorageKey("conversation", "test/test-conversation"), key);
        var noConversation = adapter.MakeActivity("x");
        noConversation.Conversation = null;
        Assert.Throws<InvalidOperationException>(() => ConversationState.GetStorageKey(noConversation));
    }

    [Fact]
    public async Task Unreadable_stored_state_starts_the_conversation_over()
    {
        var storage = new MemoryStorage();
        await storage.WriteAsync(StoredState.Key, Encoding.UTF8.GetBytes("{not json"), ifMatch: null);
        var client = new DialogTestClient(new RequestDialog(), new DialogTestClientOptions { Storage = storage });

        Assert.Equal($"{TopicPrompt} {Buttons}", (await client.SendActivityAsync("hoi")).Describe());
    }

    [Fact]
    public async Task A_stack_naming_a_dialog_that_no_longer_exists_starts_over()
    {
        var storage = new MemoryStorage();
        var stale = """{"dialogState":{"dialogStack":[{"id":"removed-in-a-release","state":{}}]}}""";
        await storage.WriteAsync(StoredState.Key, Encoding.UTF8.GetBytes(stale), ifMatch: null);
        var client = new DialogTestClient(new RequestDialog(), new DialogTestClientOptions { Storage = storage });

        Assert.Equal($"{TopicPrompt} {Buttons}", (await client.SendActivityAsync("hoi")).Describe());
    }

    [Fact]
    public async Task Free_text_answers_never_reach_storage()
    {
        var storage = new MemoryStorage();
        var client = new DialogTestClient(new RequestDialog(), new DialogTestClientOptions { Storage = storage });
        foreach (var input in new[] { "hoi", "routes", "Zwaluwstaart" })
        {
            await client.SendActivityAsync(input);
            var stored = await storage.ReadAsync(StoredState.Key);
            Assert.DoesNotContain("Zwaluwstaart", Encoding.UTF8.GetString(stored!.Data.Span), StringComparison.OrdinalIgnoreCase);
        }
    }
}
