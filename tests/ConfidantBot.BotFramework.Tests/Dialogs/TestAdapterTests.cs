using ConfidantBot.BotFramework.Hosting;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.BotFramework.Testing;
using Microsoft.Extensions.Time.Testing;

namespace ConfidantBot.BotFramework.Tests.Dialogs;

public class TestAdapterTests
{
    [Fact]
    public async Task Sent_activities_get_ids_and_can_be_updated()
    {
        var adapter = new TestAdapter();
        var replies = await adapter.ProcessActivityAsync(adapter.MakeActivity("hoi"), async (turn, ct) =>
        {
            var sent = await turn.SendTextAsync("Kaart met knoppen", ct);
            var update = Activity.CreateMessage("Kaart zonder knoppen");
            update.Id = sent!.Id;
            await turn.UpdateActivityAsync(update, ct);
        });

        var reply = Assert.Single(replies);
        Assert.Equal("Kaart zonder knoppen", reply.Text);
        Assert.Equal("test-user", reply.Recipient!.Id);
        Assert.Equal("test-conversation", reply.Conversation!.Id);
        Assert.NotNull(reply.Id);
    }

    [Fact]
    public async Task Updating_an_activity_the_bot_never_sent_fails_clearly()
    {
        var adapter = new TestAdapter();

        await Assert.ThrowsAsync<InvalidOperationException>(() => adapter.ProcessActivityAsync(adapter.MakeActivity("hoi"), (turn, ct) =>
            turn.UpdateActivityAsync(new Activity { Id = "nope", Text = "x" }, ct)));
    }

    [Fact]
    public async Task ContinueConversation_runs_a_proactive_turn_in_the_referenced_conversation()
    {
        var adapter = new TestAdapter();
        ConversationReference? reference = null;
        await adapter.ProcessActivityAsync(adapter.MakeActivity("hoi"), (turn, _) =>
        {
            reference = turn.Activity.GetConversationReference();
            return Task.CompletedTask;
        });

        await adapter.ContinueConversationAsync(reference!, (turn, ct) => turn.SendTextAsync("De vertrouwenspersoon heeft geantwoord.", ct), CancellationToken.None);

        var proactive = Assert.Single(adapter.SentActivities);
        Assert.Equal("De vertrouwenspersoon heeft geantwoord.", proactive.Text);
        Assert.Equal("test-conversation", proactive.Conversation!.Id);
    }

    [Fact]
    public async Task Memory_storage_honours_etags_and_expiry()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        var storage = new MemoryStorage(time);
        var key = new StorageKey("p", "1");

        var first = await storage.WriteAsync(key, new byte[] { 1 }, ifMatch: null, time.GetUtcNow().AddMinutes(1));
        await Assert.ThrowsAsync<StorageConflictException>(() => storage.WriteAsync(key, new byte[] { 2 }, ifMatch: null));
        var second = await storage.WriteAsync(key, new byte[] { 2 }, first, time.GetUtcNow().AddMinutes(1));
        await Assert.ThrowsAsync<StorageConflictException>(() => storage.WriteAsync(key, new byte[] { 3 }, first));
        await Assert.ThrowsAsync<StorageConflictException>(() => storage.DeleteAsync(key, first));
        Assert.NotEqual(first, second);

        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(await storage.ReadAsync(key));
        await storage.WriteAsync(key, new byte[] { 4 }, ifMatch: null);
        Assert.Equal(4, (await storage.ReadAsync(key))!.Data.Span[0]);
    }
}
