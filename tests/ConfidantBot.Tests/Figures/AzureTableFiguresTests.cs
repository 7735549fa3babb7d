using System.Text;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.BotFramework.Tests.Storage;
using ConfidantBot.Figures;
using ConfidantBot.Roster;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ConfidantBot.Tests.Figures;

/// <summary>Test classes marked <c>[Collection(FiguresAzuriteCollection.Name)]</c> share one Azurite process.</summary>
[CollectionDefinition(Name)]
public sealed class FiguresAzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Figures on Azurite";
}

/// <summary>The counters on Azure Table Storage (Azurite), as several app instances would share them.</summary>
[Collection(FiguresAzuriteCollection.Name)]
public sealed class AzureTableFiguresTests(AzuriteFixture azurite)
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 5, 20, 9, 0, 0, TimeSpan.Zero));
    private readonly IOptions<FiguresOptions> _options = Options.Create(new FiguresOptions());

    [Fact]
    public async Task Fifty_concurrent_increments_from_two_instances_lose_nothing_and_store_only_a_month_and_a_number()
    {
        var table = AzuriteFixture.NewTableName("figures");
        var first = NewStorage(table);
        var second = NewStorage(table);
        var instances = new[] { Counters(first), Counters(second) };
        var usage = UsageEvent.BookingHeld(ConfidantKind.External, Audience.College);

        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => instances[i % 2].RecordAsync(usage))));
        await instances[0].RecordAsync(UsageEvent.RouteOpened("whistleblowerAdvice", Audience.Employees));

        var items = new List<StoredItem>();
        await foreach (var item in first.QueryAsync(CounterKey.Partition))
        {
            items.Add(item);
        }

        Assert.Equal(
            [("2026-05;bookingHeld;kind=External;audience=College", "50"), ("2026-05;routeOpened;audience=Employees;route=whistleblowerAdvice", "1")],
            items.Select(i => (i.Key.Id, Encoding.ASCII.GetString(i.Data.Span))).Order());
        Assert.All(items, item => Assert.Matches(UsageCountersTests.AllowedId(), item.Key.Id));
    }

    [Fact]
    public async Task A_report_reads_the_same_figures_from_table_storage()
    {
        var storage = NewStorage(AzuriteFixture.NewTableName("figures"));
        var counters = Counters(storage);
        for (var i = 0; i < 7; i++)
        {
            await counters.RecordAsync(UsageEvent.BookingRequested(ConfidantKind.Internal, Audience.Employees));
        }

        for (var i = 0; i < 12; i++)
        {
            await counters.RecordAsync(UsageEvent.BookingRequested(ConfidantKind.External, Audience.Council));
        }

        await counters.RecordAsync(UsageEvent.BookingDeclined(ConfidantKind.External, Audience.Council));
        _clock.SetUtcNow(new DateTimeOffset(2026, 6, 2, 9, 0, 0, TimeSpan.Zero));

        var report = await new FiguresReportBuilder(storage, _clock, _options).BuildAsync(2026, 5, default);

        var requested = FiguresReportTests.Counter(report, UsageCounter.BookingRequested);
        Assert.Equal(19, requested.Total.Count);
        Assert.Equal(7, FiguresReportTests.Cell(requested, "Internal").Count);
        Assert.Equal(12, FiguresReportTests.Cell(requested, "External").Count);
        Assert.True(FiguresReportTests.Counter(report, UsageCounter.BookingDeclined).Total.Suppressed);
    }

    private AzureTableStorage NewStorage(string table) =>
        new(new AzureTableStorageOptions { ConnectionString = azurite.ConnectionString, TableName = table }, _clock);

    private UsageCounters Counters(IStorage storage) => new(storage, _clock, _options, NullLogger<UsageCounters>.Instance);
}
