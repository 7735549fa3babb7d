using ConfidantBot.BotFramework.Storage;
using ConfidantBot.Roster;
using Microsoft.Extensions.Options;
using NodaTime;

namespace ConfidantBot.Figures;

/// <summary>
/// Builds protected reports from the monthly counters. Only months that have ended (Europe/Amsterdam)
/// are reported, so a published figure never changes and two looks at the same period cannot be
/// subtracted; a whole-year report exists once the year has ended. All reports of one year are
/// protected together (months and year in one pass of <see cref="SmallCountProtection"/>), so the
/// year minus the other months cannot reveal a hidden month.
/// </summary>
public sealed class FiguresReportBuilder(IStorage storage, TimeProvider clock, IOptions<FiguresOptions> options)
{
    /// <summary>The breakdown value of events without an audience (the guide did not ask).</summary>
    public const string Unspecified = "unspecified";

    private const int WholeYear = 0;

    /// <summary>Which single dimension each counter is broken down by.</summary>
    public static FigureDimension DimensionOf(UsageCounter counter) => counter switch
    {
        UsageCounter.GuideStarted or UsageCounter.GuideFinished => FigureDimension.Audience,
        UsageCounter.RouteShown or UsageCounter.RouteOpened => FigureDimension.Route,
        _ => FigureDimension.ConfidantKind,
    };

    /// <summary>Years with at least one ended month that has figures, newest first.</summary>
    public async Task<IReadOnlyList<int>> YearsAsync(CancellationToken cancellationToken)
    {
        var current = UsageCounters.CurrentMonth(clock);
        var years = new SortedSet<int>(Comparer<int>.Create((a, b) => b.CompareTo(a)));
        await foreach (var item in storage.QueryAsync(CounterKey.Partition, cancellationToken).ConfigureAwait(false))
        {
            if (CounterKey.Parse(item.Key.Id) is { } key && new YearMonth(key.Year, key.Month) < current)
            {
                years.Add(key.Year);
            }
        }

        return [.. years];
    }

    /// <summary>The months of <paramref name="year"/> that have ended.</summary>
    public IReadOnlyList<int> EndedMonths(int year)
    {
        var current = UsageCounters.CurrentMonth(clock);
        var last = year < current.Year ? 12 : year == current.Year ? current.Month - 1 : 0;
        return [.. Enumerable.Range(1, Math.Max(0, last))];
    }

    public bool YearHasEnded(int year) => year < UsageCounters.CurrentMonth(clock).Year;

    /// <summary>The report of a whole year (<paramref name="month"/> null) or of one month.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The period has not ended yet.</exception>
    public async Task<FiguresReport> BuildAsync(int year, int? month, CancellationToken cancellationToken)
    {
        var endedMonths = EndedMonths(year);
        var yearEnded = YearHasEnded(year);
        if (month is { } m ? !endedMonths.Contains(m) : !yearEnded)
        {
            throw new ArgumentOutOfRangeException(nameof(month), "Only periods that have ended can be reported.");
        }

        var counts = await ReadYearAsync(year, endedMonths, cancellationToken).ConfigureAwait(false);
        var periods = yearEnded ? [WholeYear, .. endedMonths] : endedMonths;
        var grid = new FigureGrid(periods, counts);
        var hidden = SmallCountProtection.Suppress(grid.Values, grid.Tables(yearEnded), options.Value.SmallCountThreshold);

        var period = month ?? WholeYear;
        var counters = Enum.GetValues<UsageCounter>().Select(counter => new CounterFigures(
            counter,
            Shown(new Cell(period, counter, null), grid, hidden),
            DimensionOf(counter),
            [.. grid.CellValues(counter).Select(value => new BreakdownCell(value, Shown(new Cell(period, counter, value), grid, hidden)))]));
        return new FiguresReport(year, month, options.Value.SmallCountThreshold, [.. counters]);
    }

    private Figure Shown(Cell cell, FigureGrid grid, IReadOnlySet<Cell> hidden) =>
        !hidden.Contains(cell) ? Figure.Shown(grid.Values[cell])
        : grid.Values[cell] < options.Value.SmallCountThreshold ? Figure.Small
        : Figure.Hidden;

    private async Task<List<(CounterKey Key, long Count)>> ReadYearAsync(int year, IReadOnlyList<int> endedMonths, CancellationToken cancellationToken)
    {
        var counts = new List<(CounterKey, long)>();
        await foreach (var item in storage.QueryAsync(CounterKey.Partition, cancellationToken).ConfigureAwait(false))
        {
            if (CounterKey.Parse(item.Key.Id) is { } key && key.Year == year && endedMonths.Contains(key.Month))
            {
                counts.Add((key, UsageCounters.ParseCount(item.Data.Span)));
            }
        }

        return counts;
    }

    /// <summary>A figure: a period (0 = the year, else the month), a counter, and a breakdown value (null = the counter's total).</summary>
    private readonly record struct Cell(int Period, UsageCounter Counter, string? Value);

    /// <summary>Every publishable figure of one year, zeros included, and the sums that link them.</summary>
    private sealed class FigureGrid
    {
        private readonly IReadOnlyList<int> _periods;
        private readonly Dictionary<UsageCounter, IReadOnlyList<string>> _cellValues = [];
        private readonly Dictionary<Cell, long> _values = [];

        public FigureGrid(IReadOnlyList<int> periods, IReadOnlyList<(CounterKey Key, long Count)> counts)
        {
            _periods = periods;
            foreach (var counter in Enum.GetValues<UsageCounter>())
            {
                // The same breakdown values in every period of the year, so months and year line up.
                _cellValues[counter] = DimensionOf(counter) switch
                {
                    FigureDimension.ConfidantKind => Enum.GetNames<ConfidantKind>(),
                    FigureDimension.Audience => [.. Enum.GetNames<Audience>(), .. counts.Any(c => c.Key.Counter == counter && c.Key.Audience is null) ? [Unspecified] : Array.Empty<string>()],
                    _ => [.. counts.Where(c => c.Key.Counter == counter).Select(c => ValueOf(c.Key)).Distinct().Order(StringComparer.Ordinal)],
                };
                foreach (var period in periods)
                {
                    _values[new Cell(period, counter, null)] = 0;
                    foreach (var value in _cellValues[counter])
                    {
                        _values[new Cell(period, counter, value)] = 0;
                    }
                }
            }

            foreach (var (key, count) in counts)
            {
                if (!_cellValues[key.Counter].Contains(ValueOf(key)))
                {
                    // A key this version cannot place (e.g. a booking without a kind) is left out whole.
                    continue;
                }

                foreach (var period in new[] { key.Month, WholeYear }.Where(periods.Contains))
                {
                    _values[new Cell(period, key.Counter, null)] += count;
                    _values[new Cell(period, key.Counter, ValueOf(key))] += count;
                }
            }
        }

        public IReadOnlyDictionary<Cell, long> Values => _values;

        public IReadOnlyList<string> CellValues(UsageCounter counter) => _cellValues[counter];

        public IReadOnlyList<LinkedTable<Cell>> Tables(bool yearPublished)
        {
            var tables = new List<LinkedTable<Cell>>();
            foreach (var (counter, values) in _cellValues)
            {
                foreach (var period in _periods)
                {
                    tables.Add(new LinkedTable<Cell>(new Cell(period, counter, null), [.. values.Select(v => new Cell(period, counter, v))]));
                }

                if (yearPublished)
                {
                    var months = _periods.Where(p => p != WholeYear).ToList();
                    foreach (var value in values.Prepend(null))
                    {
                        tables.Add(new LinkedTable<Cell>(new Cell(WholeYear, counter, value), [.. months.Select(m => new Cell(m, counter, value))]));
                    }
                }
            }

            return tables;
        }

        private static string ValueOf(CounterKey key) => DimensionOf(key.Counter) switch
        {
            FigureDimension.ConfidantKind => key.Kind?.ToString() ?? Unspecified,
            FigureDimension.Audience => key.Audience?.ToString() ?? Unspecified,
            _ => key.RouteId ?? Unspecified,
        };
    }
}
