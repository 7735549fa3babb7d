using System.Text;
using System.Text.RegularExpressions;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.Figures;
using ConfidantBot.Roster;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace ConfidantBot.Tests.Figures;

public sealed partial class UsageCountersTests : IAsyncLifetime
{
    private readonly FiguresWorld _world = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Each_event_adds_one_to_its_month_counter_and_dimensions()
    {
        _world.At(2026, 3, 10);
        await _world.Counters.RecordAsync(UsageEvent.BookingRequested(ConfidantKind.External, Audience.Council));
        await _world.Counters.RecordAsync(UsageEvent.BookingRequested(ConfidantKind.External, Audience.Council));
        await _world.Counters.RecordAsync(UsageEvent.RouteOpened("mayor"));

        Assert.Equal(2, await CountAsync("2026-03;bookingRequested;kind=External;audience=Council"));
        Assert.Equal(1, await CountAsync("2026-03;routeOpened;route=mayor"));
    }

    [Fact]
    public async Task The_month_is_the_month_in_Amsterdam()
    {
        // 31 January 23:30 UTC is already 1 February 00:30 in Amsterdam.
        _world.Clock.SetUtcNow(new DateTimeOffset(2026, 1, 31, 23, 30, 0, TimeSpan.Zero));
        await _world.Counters.RecordAsync(UsageEvent.GuideStarted());

        // 30 June 22:30 UTC is 1 July 00:30 in summer time.
        _world.Clock.SetUtcNow(new DateTimeOffset(2026, 6, 30, 22, 30, 0, TimeSpan.Zero));
        await _world.Counters.RecordAsync(UsageEvent.GuideStarted());

        Assert.Equal(1, await CountAsync("2026-02;guideStarted"));
        Assert.Equal(1, await CountAsync("2026-07;guideStarted"));
        Assert.Null(await _world.Storage.ReadAsync(new StorageKey(CounterKey.Partition, "2026-01;guideStarted")));
    }

    [Fact]
    public async Task Fifty_concurrent_increments_from_two_instances_lose_nothing()
    {
        _world.At(2026, 5, 20);
        var secondInstance = _world.NewCounters(_world.OpenStorage());
        var usage = UsageEvent.BookingAccepted(ConfidantKind.Internal, Audience.Employees);

        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => (i % 2 == 0 ? _world.Counters : secondInstance).RecordAsync(usage))));

        Assert.Equal(50, await CountAsync("2026-05;bookingAccepted;kind=Internal;audience=Employees"));
    }

    [Fact]
    public async Task Increments_that_arrive_while_a_counter_is_written_are_stored_together_and_none_is_lost()
    {
        _world.At(2026, 5, 20);
        var storage = new FirstWriteWaitsStorage(_world.Storage);
        var counters = _world.NewCounters(storage);
        var usage = UsageEvent.GuideFinished(Audience.Employees);

        var first = counters.RecordAsync(usage);
        await storage.FirstWriteStarted;
        var burst = Enumerable.Range(0, 99).Select(_ => counters.RecordAsync(usage)).ToList();
        Assert.All(burst, task => Assert.False(task.IsCompleted));
        storage.ReleaseFirstWrite();
        await Task.WhenAll(burst.Append(first));

        Assert.Equal(100, await CountAsync("2026-05;guideFinished;audience=Employees"));
        Assert.Equal(2, storage.Counted.Writes);
    }

    [Fact]
    public async Task Stored_counters_hold_only_a_month_names_and_a_number()
    {
        await ScriptedUseAsync(_world);

        var items = new List<StoredItem>();
        await foreach (var item in _world.Storage.QueryAsync(CounterKey.Partition))
        {
            items.Add(item);
        }

        Assert.NotEmpty(items);
        foreach (var item in items)
        {
            Assert.Matches(AllowedId(), item.Key.Id);
            Assert.Matches(DigitsOnly(), Encoding.ASCII.GetString(item.Data.Span));
            Assert.Null(item.ExpiresAt);
        }

        // The raw database (and its write-ahead log) as bytes: no GUID, no date with a day, nothing
        // of the scripted people; any yyyy-MM that appears is followed by the key separator.
        var raw = RawDatabaseText(_world.DataDirectory);
        Assert.DoesNotMatch(DashedGuid(), raw);
        Assert.DoesNotMatch(DayDate(), raw);
        foreach (Match month in YearMonth().Matches(raw))
        {
            Assert.Equal(';', raw[month.Index + month.Length]);
        }
    }

    [Fact]
    public async Task A_failing_store_does_not_fail_the_caller_and_logs_without_content()
    {
        var logger = new FakeLogger<UsageCounters>();
        var storage = _world.OpenStorage();
        var counters = new UsageCounters(storage, _world.Clock, _world.Options, logger);
        await storage.DisposeAsync();

        await counters.RecordAsync(UsageEvent.RouteShown("mayor"));

        var entry = Assert.Single(logger.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.DoesNotContain("mayor", entry.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("REF-48213")]
    [InlineData("6f1d2c3b-aaaa-4bbb-8ccc-0123456789ab")]
    [InlineData("2026-03-14")]
    [InlineData("mayor;kind=External")]
    [InlineData("")]
    public void A_route_id_that_is_not_a_catalogue_key_is_refused(string routeId)
    {
        Assert.Throws<ArgumentException>(() => UsageEvent.RouteShown(routeId));
        Assert.Throws<ArgumentException>(() => UsageEvent.RouteOpened(routeId));
    }

    /// <summary>Many events over several months, kinds, audiences and routes (every guide started is also finished, as the product counts them: a start without an audience, a finish with one).</summary>
    internal static async Task<Truth> ScriptedUseAsync(FiguresWorld world)
    {
        var truth = new Truth();
        await truth.RecordAsync(world, 2026, 1, UsageEvent.GuideStarted(), 40);
        await truth.RecordAsync(world, 2026, 1, UsageEvent.GuideFinished(Audience.Employees), 40);
        await truth.RecordAsync(world, 2026, 1, UsageEvent.GuideStarted(), 3);
        await truth.RecordAsync(world, 2026, 1, UsageEvent.GuideFinished(Audience.Council), 3);
        await truth.RecordAsync(world, 2026, 1, UsageEvent.GuideStarted(), 7);
        await truth.RecordAsync(world, 2026, 1, UsageEvent.GuideFinished(), 7);
        await truth.RecordAsync(world, 2026, 1, UsageEvent.RouteShown("mayor", Audience.Employees), 20);
        await truth.RecordAsync(world, 2026, 1, UsageEvent.RouteShown("externalConfidant"), 8);
        await truth.RecordAsync(world, 2026, 1, UsageEvent.RouteShown("griffier", Audience.Council), 2);
        await truth.RecordAsync(world, 2026, 1, UsageEvent.RouteOpened("mayor"), 11);
        await truth.RecordAsync(world, 2026, 1, UsageEvent.BookingRequested(ConfidantKind.External, Audience.Employees), 12);
        await truth.RecordAsync(world, 2026, 1, UsageEvent.BookingRequested(ConfidantKind.Internal, Audience.Employees), 2);
        await truth.RecordAsync(world, 2026, 1, UsageEvent.BookingAccepted(ConfidantKind.External, Audience.Employees), 10);
        await truth.RecordAsync(world, 2026, 1, UsageEvent.BookingHeld(ConfidantKind.External, Audience.Employees), 9);

        await truth.RecordAsync(world, 2026, 2, UsageEvent.GuideStarted(), 25);
        await truth.RecordAsync(world, 2026, 2, UsageEvent.GuideFinished(Audience.Employees), 25);
        await truth.RecordAsync(world, 2026, 2, UsageEvent.GuideStarted(), 6);
        await truth.RecordAsync(world, 2026, 2, UsageEvent.GuideFinished(Audience.College), 6);
        await truth.RecordAsync(world, 2026, 2, UsageEvent.BookingRequested(ConfidantKind.External, Audience.Council), 6);
        await truth.RecordAsync(world, 2026, 2, UsageEvent.BookingDeclined(ConfidantKind.External, Audience.Council), 1);
        await truth.RecordAsync(world, 2026, 2, UsageEvent.BookingCancelled(ConfidantKind.Internal, Audience.Employees), 1);

        await truth.RecordAsync(world, 2026, 3, UsageEvent.GuideStarted(), 12);
        await truth.RecordAsync(world, 2026, 3, UsageEvent.GuideFinished(Audience.Employees), 12);
        await truth.RecordAsync(world, 2026, 3, UsageEvent.RouteShown("whistleblowerExternal"), 6);
        await truth.RecordAsync(world, 2026, 3, UsageEvent.BookingRequested(ConfidantKind.Internal, Audience.Employees), 9);
        await truth.RecordAsync(world, 2026, 3, UsageEvent.BookingRequested(ConfidantKind.External, Audience.Employees), 30);
        await truth.RecordAsync(world, 2026, 3, UsageEvent.BookingAccepted(ConfidantKind.Internal, Audience.Employees), 8);
        await truth.RecordAsync(world, 2026, 3, UsageEvent.BookingAccepted(ConfidantKind.External, Audience.Employees), 25);

        // The running month: recorded, but not reported until it has ended.
        await truth.RecordAsync(world, 2026, 4, UsageEvent.GuideStarted(), 50);
        await truth.RecordAsync(world, 2026, 4, UsageEvent.GuideFinished(Audience.Employees), 50);
        world.At(2026, 4, 20);
        return truth;
    }

    private async Task<long> CountAsync(string id)
    {
        var item = await _world.Storage.ReadAsync(new StorageKey(CounterKey.Partition, id));
        Assert.NotNull(item);
        return long.Parse(Encoding.ASCII.GetString(item.Data.Span), System.Globalization.CultureInfo.InvariantCulture);
    }

    internal static string RawDatabaseText(string dataDirectory)
    {
        var text = new StringBuilder();
        foreach (var file in Directory.GetFiles(dataDirectory))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            text.Append(Encoding.Latin1.GetString(buffer.ToArray())).Append('\n');
        }

        return text.ToString();
    }

    [GeneratedRegex(@"^\d{4}-(0[1-9]|1[0-2]);[a-z][A-Za-z]+(;(kind|audience)=[A-Za-z]+)*(;route=[A-Za-z-]+)?$")]
    internal static partial Regex AllowedId();

    [GeneratedRegex("^[0-9]+$")]
    private static partial Regex DigitsOnly();

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    internal static partial Regex DashedGuid();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}|\d{2}-\d{2}-\d{4}|\d{4}/\d{2}/\d{2}")]
    internal static partial Regex DayDate();

    [GeneratedRegex(@"\d{4}-\d{2}")]
    private static partial Regex YearMonth();

    /// <summary>A real store whose first write waits until the test lets it go; counts the writes.</summary>
    private sealed class FirstWriteWaitsStorage(IStorage inner) : IStorage
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _writes;

        public Routes.CountingStorage Counted { get; } = new(inner);

        public Task FirstWriteStarted => _started.Task;

        public void ReleaseFirstWrite() => _release.SetResult();

        public Task<StoredItem?> ReadAsync(StorageKey key, CancellationToken cancellationToken = default) => Counted.ReadAsync(key, cancellationToken);

        public async Task<string> WriteAsync(StorageKey key, ReadOnlyMemory<byte> data, string? ifMatch, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _writes) == 1)
            {
                _started.SetResult();
                await _release.Task;
            }

            return await Counted.WriteAsync(key, data, ifMatch, expiresAt, cancellationToken);
        }

        public Task<bool> DeleteAsync(StorageKey key, string? ifMatch = ETags.Any, CancellationToken cancellationToken = default) => Counted.DeleteAsync(key, ifMatch, cancellationToken);

        public IAsyncEnumerable<StoredItem> QueryAsync(string partition, CancellationToken cancellationToken = default) => Counted.QueryAsync(partition, cancellationToken);

        public Task<int> DeleteExpiredAsync(CancellationToken cancellationToken = default) => Counted.DeleteExpiredAsync(cancellationToken);

        public Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default) => Counted.IsHealthyAsync(cancellationToken);
    }
}
