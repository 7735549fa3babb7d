using System.Text.Json;
using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.Figures;
using ConfidantBot.Roster;
using Json.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ConfidantBot.Tests.Figures;

/// <summary>A real SQLite store in a temporary folder, a settable clock, and the figures services on it.</summary>
internal sealed class FiguresWorld : IAsyncDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "confidantbot-figures-" + Guid.NewGuid().ToString("N"));
    private readonly List<SqliteStorage> _opened = [];

    public FiguresWorld(int threshold = 5)
    {
        Options = Microsoft.Extensions.Options.Options.Create(new FiguresOptions { SmallCountThreshold = threshold });
        Storage = OpenStorage();
        Counters = NewCounters(Storage);
        Reports = new FiguresReportBuilder(Storage, Clock, Options);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public IOptions<FiguresOptions> Options { get; }

    public SqliteStorage Storage { get; }

    public UsageCounters Counters { get; }

    public FiguresReportBuilder Reports { get; }

    public string DataDirectory => Path.Combine(_root, "data");

    /// <summary>Another store object on the same database file: a second app instance.</summary>
    public SqliteStorage OpenStorage()
    {
        var storage = new SqliteStorage(new SqliteStorageOptions { DataDirectory = DataDirectory, BusyTimeout = TimeSpan.FromSeconds(30) }, Clock);
        _opened.Add(storage);
        return storage;
    }

    public UsageCounters NewCounters(IStorage storage) => new(storage, Clock, Options, NullLogger<UsageCounters>.Instance);

    /// <summary>Moves the clock forward to that moment, or keeps it when it is already later in the same month (the fake clock cannot go back).</summary>
    public void At(int year, int month, int day = 15, int hour = 12)
    {
        var target = new DateTimeOffset(year, month, day, hour, 0, 0, TimeSpan.Zero);
        var now = Clock.GetUtcNow();
        if (target > now)
        {
            Clock.SetUtcNow(target);
        }
        else if (now.Year != year || now.Month != month)
        {
            throw new InvalidOperationException("A test script must move forward in time.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var storage in _opened)
        {
            await storage.DisposeAsync();
        }

        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}

/// <summary>
/// What was really recorded, kept by the test independently of the code under test: month, counter
/// and breakdown value (null = the counter's total) → count.
/// </summary>
internal sealed class Truth
{
    private readonly Dictionary<(int Month, UsageCounter Counter, string? Value), long> _counts = [];

    /// <summary>The period numbers of the half years (0 is the year, 1–12 the months).</summary>
    public const int FirstHalf = 13;
    public const int SecondHalf = 14;

    public long this[int period, UsageCounter counter, string? value = null] => period switch
    {
        0 => Enumerable.Range(1, 12).Sum(m => Get(m, counter, value)),
        FirstHalf => Enumerable.Range(1, 6).Sum(m => Get(m, counter, value)),
        SecondHalf => Enumerable.Range(7, 6).Sum(m => Get(m, counter, value)),
        _ => Get(period, counter, value),
    };

    /// <summary>Records <paramref name="times"/> events in <paramref name="month"/> of <paramref name="year"/> and remembers them.</summary>
    public async Task RecordAsync(FiguresWorld world, int year, int month, UsageEvent usage, int times)
    {
        world.At(year, month, day: 1 + (times % 27));
        for (var i = 0; i < times; i++)
        {
            await world.Counters.RecordAsync(usage);
        }

        // Breakdown values as the test spells them, not through the code under test.
        var key = CounterKey.For(usage, year, month);
        Add(month, usage.Counter, null, times);
        foreach (var value in new[]
        {
            key.Kind?.ToString(),
            key.Audience switch
            {
                null => usage.Counter is UsageCounter.GuideStarted or UsageCounter.GuideFinished ? FiguresReportBuilder.Unspecified : null,
                _ when usage.Kind is null => key.Audience.ToString(),
                Audience.Employees => "Employees",
                _ => "CouncilAndCollege",
            },
            key.RouteId,
            key.Category?.ToString(),
        }.OfType<string>())
        {
            Add(month, usage.Counter, value, times);
        }
    }

    private void Add(int month, UsageCounter counter, string? value, long times) =>
        _counts[(month, counter, value)] = Get(month, counter, value) + times;

    private long Get(int month, UsageCounter counter, string? value) => _counts.GetValueOrDefault((month, counter, value));
}

/// <summary>An admin check that answers from a set the test controls (the real one is tested with the roster).</summary>
internal sealed class FakeHrAdmins : IHrAdminAuthorizer, IFigureReaderAuthorizer
{
    public Task<bool> CanReadFiguresAsync(string? tenantId, string? aadObjectId, CancellationToken cancellationToken)
        => IsAdminAsync(tenantId, aadObjectId, cancellationToken);

    public HashSet<string> ObjectIds { get; } = new(StringComparer.OrdinalIgnoreCase);

    public int Calls { get; private set; }

    public Task<bool> IsAdminAsync(string? tenantId, string? aadObjectId, CancellationToken cancellationToken)
    {
        Calls++;
        return Task.FromResult(aadObjectId is not null && ObjectIds.Contains(aadObjectId));
    }
}
