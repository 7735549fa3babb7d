using System.Collections.Concurrent;
using System.Text;
using ConfidantBot.BotFramework.Storage;
using Microsoft.Extensions.Time.Testing;

namespace ConfidantBot.BotFramework.Tests.Storage;

/// <summary>
/// What every <see cref="IStorage"/> must do. Each subclass runs all of these against one real store;
/// every storage made by <see cref="CreateStorage"/> within one test shares that test's store.
/// </summary>
public abstract class StorageContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly List<IStorage> opened = [];

    protected FakeTimeProvider Clock { get; } = new(Start);

    protected IStorage Storage { get; private set; } = null!;

    /// <summary>A new storage instance on this test's store.</summary>
    protected abstract IStorage CreateStorage(TimeProvider timeProvider);

    public virtual Task InitializeAsync()
    {
        Storage = Open(Clock);
        return Task.CompletedTask;
    }

    public virtual async Task DisposeAsync()
    {
        foreach (var storage in opened)
        {
            if (storage is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }
    }

    protected IStorage Open(TimeProvider timeProvider)
    {
        var storage = CreateStorage(timeProvider);
        opened.Add(storage);
        return storage;
    }

    protected static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    protected static string Text(StoredItem? item) => Encoding.UTF8.GetString(Assert.IsType<StoredItem>(item).Data.Span);

    [Fact]
    public async Task A_written_item_reads_back_with_its_data_ETag_and_expiry()
    {
        var key = new StorageKey("conversation", "c1");
        var expiresAt = Start.AddMinutes(30);

        var etag = await Storage.WriteAsync(key, Bytes("state-1"), ifMatch: null, expiresAt);
        var item = await Storage.ReadAsync(key);

        Assert.Equal("state-1", Text(item));
        Assert.Equal(key, item!.Key);
        Assert.Equal(etag, item.ETag);
        Assert.Equal(expiresAt, item.ExpiresAt);
    }

    [Fact]
    public async Task A_missing_item_reads_as_null()
    {
        Assert.Null(await Storage.ReadAsync(new StorageKey("conversation", "never-written")));
    }

    [Fact]
    public async Task Items_with_the_same_id_in_different_partitions_are_separate()
    {
        await Storage.WriteAsync(new StorageKey("a", "same"), Bytes("in a"), null);
        await Storage.WriteAsync(new StorageKey("b", "same"), Bytes("in b"), null);

        Assert.Equal("in a", Text(await Storage.ReadAsync(new StorageKey("a", "same"))));
        Assert.Equal("in b", Text(await Storage.ReadAsync(new StorageKey("b", "same"))));
    }

    [Fact]
    public async Task Create_only_conflicts_when_the_item_exists_and_keeps_the_stored_value()
    {
        var key = new StorageKey("booking", "slot-1");
        await Storage.WriteAsync(key, Bytes("first"), ifMatch: null);

        var conflict = await Assert.ThrowsAsync<StorageConflictException>(() => Storage.WriteAsync(key, Bytes("second"), ifMatch: null));

        Assert.Equal(key, conflict.Key);
        Assert.Equal("first", Text(await Storage.ReadAsync(key)));
    }

    [Fact]
    public async Task A_write_with_the_current_ETag_succeeds_and_changes_the_ETag()
    {
        var key = new StorageKey("conversation", "c1");
        var first = await Storage.WriteAsync(key, Bytes("v1"), null);

        var second = await Storage.WriteAsync(key, Bytes("v2"), first);

        Assert.NotEqual(first, second);
        var item = await Storage.ReadAsync(key);
        Assert.Equal("v2", Text(item));
        Assert.Equal(second, item!.ETag);
    }

    [Fact]
    public async Task A_write_with_a_stale_ETag_conflicts_and_leaves_the_stored_value_unchanged()
    {
        var key = new StorageKey("conversation", "c1");
        var stale = await Storage.WriteAsync(key, Bytes("v1"), null);
        var current = await Storage.WriteAsync(key, Bytes("v2"), stale);

        await Assert.ThrowsAsync<StorageConflictException>(() => Storage.WriteAsync(key, Bytes("lost update"), stale));

        var item = await Storage.ReadAsync(key);
        Assert.Equal("v2", Text(item));
        Assert.Equal(current, item!.ETag);
    }

    [Fact]
    public async Task A_write_with_an_ETag_to_a_missing_item_conflicts_and_creates_nothing()
    {
        var key = new StorageKey("conversation", "c1");
        var etag = await Storage.WriteAsync(key, Bytes("v1"), null);
        Assert.True(await Storage.DeleteAsync(key));

        await Assert.ThrowsAsync<StorageConflictException>(() => Storage.WriteAsync(key, Bytes("v2"), etag));

        Assert.Null(await Storage.ReadAsync(key));
    }

    [Fact]
    public async Task An_unconditional_write_overwrites_an_existing_item_and_creates_a_missing_one()
    {
        var existing = new StorageKey("settings", "existing");
        await Storage.WriteAsync(existing, Bytes("old"), null, Start.AddDays(1));
        var missing = new StorageKey("settings", "missing");

        var overwritten = await Storage.WriteAsync(existing, Bytes("new"), ETags.Any);
        var created = await Storage.WriteAsync(missing, Bytes("created"), ETags.Any);

        var item = await Storage.ReadAsync(existing);
        Assert.Equal("new", Text(item));
        Assert.Equal(overwritten, item!.ETag);
        Assert.Null(item.ExpiresAt);
        Assert.Equal(created, (await Storage.ReadAsync(missing))!.ETag);
    }

    [Fact]
    public async Task Deleting_a_missing_item_returns_false()
    {
        Assert.False(await Storage.DeleteAsync(new StorageKey("booking", "none")));
    }

    [Fact]
    public async Task Deleting_with_the_current_ETag_removes_the_item()
    {
        var key = new StorageKey("booking", "b1");
        var etag = await Storage.WriteAsync(key, Bytes("booked"), null);

        Assert.True(await Storage.DeleteAsync(key, etag));

        Assert.Null(await Storage.ReadAsync(key));
        Assert.False(await Storage.DeleteAsync(key, etag));
    }

    [Fact]
    public async Task Deleting_with_a_stale_ETag_conflicts_and_keeps_the_item()
    {
        var key = new StorageKey("booking", "b1");
        var stale = await Storage.WriteAsync(key, Bytes("v1"), null);
        await Storage.WriteAsync(key, Bytes("v2"), stale);

        await Assert.ThrowsAsync<StorageConflictException>(() => Storage.DeleteAsync(key, stale));

        Assert.Equal("v2", Text(await Storage.ReadAsync(key)));
    }

    [Fact]
    public async Task An_item_is_invisible_from_its_expiry_on()
    {
        var key = new StorageKey("conversation", "idle");
        await Storage.WriteAsync(key, Bytes("state"), null, Start.AddMinutes(30));

        Clock.Advance(TimeSpan.FromMinutes(30) - TimeSpan.FromMilliseconds(1));
        Assert.NotNull(await Storage.ReadAsync(key));

        Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Null(await Storage.ReadAsync(key));
    }

    [Fact]
    public async Task Create_only_succeeds_over_an_expired_item()
    {
        var key = new StorageKey("conversation", "idle");
        await Storage.WriteAsync(key, Bytes("old"), null, Start.AddMinutes(30));
        Clock.Advance(TimeSpan.FromMinutes(31));

        var etag = await Storage.WriteAsync(key, Bytes("fresh"), null, Clock.GetUtcNow().AddMinutes(30));

        var item = await Storage.ReadAsync(key);
        Assert.Equal("fresh", Text(item));
        Assert.Equal(etag, item!.ETag);
    }

    [Fact]
    public async Task A_write_with_the_ETag_of_an_expired_item_conflicts()
    {
        var key = new StorageKey("routing", "r1");
        var etag = await Storage.WriteAsync(key, Bytes("sealed"), null, Start.AddDays(7));
        Clock.Advance(TimeSpan.FromDays(8));

        await Assert.ThrowsAsync<StorageConflictException>(() => Storage.WriteAsync(key, Bytes("revived"), etag, Clock.GetUtcNow().AddDays(7)));

        Assert.Null(await Storage.ReadAsync(key));
    }

    [Fact]
    public async Task Deleting_an_expired_item_returns_false_as_for_an_absent_one()
    {
        var key = new StorageKey("routing", "r1");
        var etag = await Storage.WriteAsync(key, Bytes("sealed"), null, Start.AddDays(7));
        Clock.Advance(TimeSpan.FromDays(8));

        Assert.False(await Storage.DeleteAsync(key, etag));
        Assert.False(await Storage.DeleteAsync(key, "an-unrelated-etag"));
    }

    [Fact]
    public async Task DeleteExpired_removes_exactly_the_expired_items()
    {
        await Storage.WriteAsync(new StorageKey("routing", "expired-1"), Bytes("x"), null, Start.AddHours(1));
        await Storage.WriteAsync(new StorageKey("other", "expired-2"), Bytes("x"), null, Start.AddHours(2));
        await Storage.WriteAsync(new StorageKey("routing", "later"), Bytes("x"), null, Start.AddDays(1));
        await Storage.WriteAsync(new StorageKey("routing", "forever"), Bytes("x"), null);
        Clock.Advance(TimeSpan.FromHours(2));

        Assert.Equal(2, await Storage.DeleteExpiredAsync());
        Assert.Equal(0, await Storage.DeleteExpiredAsync());

        // A storage whose clock still reads the start would see expired items that were not really deleted.
        var atStart = Open(new FakeTimeProvider(Start));
        Assert.Null(await atStart.ReadAsync(new StorageKey("routing", "expired-1")));
        Assert.Null(await atStart.ReadAsync(new StorageKey("other", "expired-2")));
        Assert.NotNull(await atStart.ReadAsync(new StorageKey("routing", "later")));
        Assert.NotNull(await atStart.ReadAsync(new StorageKey("routing", "forever")));
    }

    [Fact]
    public async Task Query_returns_the_unexpired_items_of_one_partition_only()
    {
        await Storage.WriteAsync(new StorageKey("booking", "b1"), Bytes("one"), null);
        var b2 = await Storage.WriteAsync(new StorageKey("booking", "b2"), Bytes("two"), null, Start.AddDays(2));
        await Storage.WriteAsync(new StorageKey("booking", "gone"), Bytes("expired"), null, Start.AddDays(1));
        await Storage.WriteAsync(new StorageKey("bookings", "b3"), Bytes("other partition"), null);
        await Storage.WriteAsync(new StorageKey("bookin", "b4"), Bytes("prefix partition"), null);
        Clock.Advance(TimeSpan.FromDays(1));

        var items = await ToListAsync(Storage.QueryAsync("booking"));

        Assert.Equal(["b1", "b2"], items.Select(item => item.Key.Id).Order(StringComparer.Ordinal));
        Assert.All(items, item => Assert.Equal("booking", item.Key.Partition));
        var second = items.Single(item => item.Key.Id == "b2");
        Assert.Equal("two", Text(second));
        Assert.Equal(b2, second.ETag);
        Assert.Equal(Start.AddDays(2), second.ExpiresAt);
    }

    [Fact]
    public async Task Query_of_an_empty_partition_returns_nothing()
    {
        Assert.Empty(await ToListAsync(Storage.QueryAsync("nothing-here")));
    }

    public static TheoryData<string, string> AwkwardKeys() => new()
    {
        { "a/b", "c\\d" },
        { "hash#tag", "why?" },
        { "colon:partition", "id:with:colons" },
        { "unicode-ünïcødé-分区", "emoji-😀-ß" },
        { "percent%2F", "tilde~2F" },
        { "quote'd", "line\nbreak\u0001\u007f\u0085" },
        { " spaced ", "tab\there" },
    };

    [Theory]
    [MemberData(nameof(AwkwardKeys))]
    public async Task Keys_with_reserved_and_unicode_characters_round_trip(string partition, string id)
    {
        var key = new StorageKey(partition, id);

        var etag = await Storage.WriteAsync(key, Bytes("value"), null);

        Assert.Equal("value", Text(await Storage.ReadAsync(key)));
        var queried = Assert.Single(await ToListAsync(Storage.QueryAsync(partition)));
        Assert.Equal(key, queried.Key);
        Assert.True(await Storage.DeleteAsync(key, etag));
    }

    [Fact]
    public async Task Keys_that_differ_only_in_escaped_characters_stay_distinct()
    {
        string[] ids = ["/", "~2F", "%2F", "~7E", "~"];
        foreach (var id in ids)
        {
            await Storage.WriteAsync(new StorageKey("p", id), Bytes(id), null);
        }

        foreach (var id in ids)
        {
            Assert.Equal(id, Text(await Storage.ReadAsync(new StorageKey("p", id))));
        }

        Assert.Equal(ids.Order(StringComparer.Ordinal), (await ToListAsync(Storage.QueryAsync("p"))).Select(item => item.Key.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Large_and_empty_items_round_trip_byte_for_byte()
    {
        var large = new byte[200_000];
        new Random(42).NextBytes(large);

        await Storage.WriteAsync(new StorageKey("blob", "large"), large, null);
        await Storage.WriteAsync(new StorageKey("blob", "empty"), ReadOnlyMemory<byte>.Empty, null);
        await Storage.WriteAsync(new StorageKey("blob", "slice"), large.AsMemory(10, 70_000), null);

        Assert.Equal(large, (await Storage.ReadAsync(new StorageKey("blob", "large")))!.Data.ToArray());
        Assert.Equal(0, (await Storage.ReadAsync(new StorageKey("blob", "empty")))!.Data.Length);
        Assert.Equal(large.AsSpan(10, 70_000).ToArray(), (await Storage.ReadAsync(new StorageKey("blob", "slice")))!.Data.ToArray());
    }

    [Fact]
    public async Task A_shorter_overwrite_leaves_nothing_of_the_longer_value()
    {
        var key = new StorageKey("blob", "shrinks");
        var etag = await Storage.WriteAsync(key, new byte[150_000], null);

        await Storage.WriteAsync(key, Bytes("short"), etag);

        Assert.Equal("short", Text(await Storage.ReadAsync(key)));
    }

    [Fact]
    public async Task Concurrent_read_modify_write_loses_no_update()
    {
        const int writers = 20;
        var key = new StorageKey("counter", "shared");
        await Storage.WriteAsync(key, BitConverter.GetBytes(0), null);
        var winsPerGeneration = new ConcurrentDictionary<string, int>();
        using var start = new SemaphoreSlim(0);

        var tasks = Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            await start.WaitAsync();
            while (true)
            {
                var current = (await Storage.ReadAsync(key))!;
                var next = BitConverter.ToInt32(current.Data.Span) + 1;
                try
                {
                    await Storage.WriteAsync(key, BitConverter.GetBytes(next), current.ETag);
                    winsPerGeneration.AddOrUpdate(current.ETag, 1, (_, wins) => wins + 1);
                    return;
                }
                catch (StorageConflictException)
                {
                    // Someone else won this generation: read again.
                }
            }
        })).ToArray();
        start.Release(writers);
        await Task.WhenAll(tasks);

        Assert.Equal(writers, BitConverter.ToInt32((await Storage.ReadAsync(key))!.Data.Span));
        Assert.Equal(writers, winsPerGeneration.Count);
        Assert.All(winsPerGeneration.Values, wins => Assert.Equal(1, wins));
    }

    [Fact]
    public async Task Concurrent_create_only_writes_have_exactly_one_winner()
    {
        var key = new StorageKey("booking", "slot-42");
        using var start = new SemaphoreSlim(0);
        var tasks = Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
        {
            await start.WaitAsync();
            try
            {
                await Storage.WriteAsync(key, Bytes($"booker-{i}"), null);
                return true;
            }
            catch (StorageConflictException)
            {
                return false;
            }
        })).ToArray();
        start.Release(tasks.Length);

        var results = await Task.WhenAll(tasks);

        var winner = Assert.Single(Enumerable.Range(0, results.Length), i => results[i]);
        Assert.Equal($"booker-{winner}", Text(await Storage.ReadAsync(key)));
    }

    [Fact]
    public async Task A_second_instance_on_the_same_store_sees_the_first_ones_writes_and_ETags()
    {
        var key = new StorageKey("conversation", "shared");
        var etag = await Storage.WriteAsync(key, Bytes("from instance 1"), null);
        var other = Open(Clock);

        var item = await other.ReadAsync(key);
        await other.WriteAsync(key, Bytes("from instance 2"), item!.ETag);

        await Assert.ThrowsAsync<StorageConflictException>(() => Storage.WriteAsync(key, Bytes("stale"), etag));
        Assert.Equal("from instance 2", Text(await Storage.ReadAsync(key)));
    }

    [Fact]
    public async Task A_working_store_is_healthy()
    {
        Assert.True(await Storage.IsHealthyAsync());
    }

    [Fact]
    public async Task Keys_without_a_partition_or_id_and_empty_ETags_are_refused_clearly()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Storage.ReadAsync(default));
        await Assert.ThrowsAsync<ArgumentException>(() => Storage.WriteAsync(new StorageKey("", "id"), Bytes("x"), null));
        await Assert.ThrowsAsync<ArgumentException>(() => Storage.DeleteAsync(new StorageKey("p", "")));
        await Assert.ThrowsAsync<ArgumentException>(() => Storage.WriteAsync(new StorageKey("p", "id"), Bytes("x"), ""));
        await Assert.ThrowsAsync<ArgumentException>(async () => await ToListAsync(Storage.QueryAsync("")));
    }

    protected static async Task<List<StoredItem>> ToListAsync(IAsyncEnumerable<StoredItem> items)
    {
        var list = new List<StoredItem>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
