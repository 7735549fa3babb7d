using ConfidantBot.LocalChannel;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ConfidantBot.Tests.LocalChannel;

public sealed class LocalConversationStoreTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void An_idle_conversation_is_forgotten_and_its_streams_end()
    {
        var store = Store(new LocalChannelOptions { IdleTimeout = TimeSpan.FromHours(1) });
        var conversation = store.Create(LocalIdentities.CivilServant, "nl-NL", "http://127.0.0.1:1/local/connector/");
        var (_, changed) = conversation.ReadAfter(0);

        _time.Advance(TimeSpan.FromMinutes(59));
        Assert.Same(conversation, store.Find(conversation.Id));

        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(store.Find(conversation.Id));
        Assert.True(conversation.IsClosed);
        Assert.True(changed.IsCompleted);
    }

    [Fact]
    public void Activity_keeps_a_conversation_alive()
    {
        var store = Store(new LocalChannelOptions { IdleTimeout = TimeSpan.FromHours(1) });
        var conversation = store.Create(LocalIdentities.CivilServant, "nl-NL", "http://127.0.0.1:1/local/connector/");

        _time.Advance(TimeSpan.FromMinutes(50));
        conversation.Touch(_time.GetUtcNow());
        _time.Advance(TimeSpan.FromMinutes(50));

        Assert.Same(conversation, store.Find(conversation.Id));
    }

    [Fact]
    public void Beyond_the_limit_the_least_recently_used_conversation_is_dropped()
    {
        var store = Store(new LocalChannelOptions { MaxConversations = 2 });
        var first = store.Create(LocalIdentities.CivilServant, "nl-NL", "http://127.0.0.1:1/local/connector/");
        _time.Advance(TimeSpan.FromSeconds(1));
        var second = store.Create(LocalIdentities.HrAdmin, "nl-NL", "http://127.0.0.1:1/local/connector/");
        _time.Advance(TimeSpan.FromSeconds(1));
        first.Touch(_time.GetUtcNow());
        _time.Advance(TimeSpan.FromSeconds(1));

        var third = store.Create(LocalIdentities.CivilServant, "en-US", "http://127.0.0.1:1/local/connector/");

        Assert.Equal(2, store.Count);
        Assert.Null(store.Find(second.Id));
        Assert.Same(first, store.Find(first.Id));
        Assert.Same(third, store.Find(third.Id));
    }

    [Fact]
    public void A_conversation_keeps_only_its_most_recent_activities_for_replay()
    {
        var store = Store(new LocalChannelOptions { MaxActivitiesPerConversation = 3 });
        var conversation = store.Create(LocalIdentities.CivilServant, "nl-NL", "http://127.0.0.1:1/local/connector/");

        for (var i = 1; i <= 5; i++)
        {
            conversation.DeliverActivity(conversation.NextActivityId(), _time.GetUtcNow(), $"{{\"n\":{i}}}");
        }

        var (entries, _) = conversation.ReadAfter(0);
        Assert.Equal(["{\"n\":3}", "{\"n\":4}", "{\"n\":5}"], entries.Select(entry => entry.Json));
        Assert.False(conversation.TryGetDeliveredTimestamp("0000001", out _));
        Assert.True(conversation.TryGetDeliveredTimestamp("0000005", out _));
    }

    private LocalConversationStore Store(LocalChannelOptions options) => new(Options.Create(options), _time);
}
