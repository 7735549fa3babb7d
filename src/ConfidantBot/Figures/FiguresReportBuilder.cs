using ConfidantBot.BotFramework.Storage;
using ConfidantBot.Roster;
using Microsoft.Extensions.Options;
using NodaTime;

namespace ConfidantBot.Figures;

/// <summary>
/// Builds protected reports from the monthly counters. Only periods that have ended (Europe/Amsterdam)
/// are reported, so a published figure never changes and two looks at the same period cannot be
/// subtracted: a month once it has ended, the first half year from July, the second half and the
/// whole year once the year has ended. All reports of one year are protected together (months, half
/// years and year in one pass of <see cref="SmallCountProtection"/>), so the year minus the other
/// months or halves cannot reveal a hidden one. The category counters (topic, involved, first route
/// kind, answer days) are reported per half year and year only, never per month.
/// </summary>
public sealed class FiguresReportBuilder(IStorage storage, TimeProvider clock, IOptions<FiguresOptions> options)
{
    /// <summary>The breakdown value of events without an audience (the guide did not ask).</summary>
    public const string Unspecified = "unspecified";

    /// <summary>The booking audience value for council members and members of the college together.</summary>
    public const string CouncilAndCollege = "CouncilAndCollege";

    // Grid periods: 0 the year, 1–12 the months, 13 and 14 the half years.
    private const int WholeYear = 0;
    private const int FirstHalf = 13;
    private const int SecondHalf = 14;

    /// <summary>How each counter is broken down: each breakdown by one dimension, never two crossed.</summary>
    public static IReadOnlyList<FigureDimension> DimensionsOf(UsageCounter counter) => counter switch
    {
        // The guide learns who is asking only at its role question: a start has no audience to break down.
        UsageCounter.GuideStarted => [],
        UsageCounter.GuideFinished => [FigureDimension.Audience],
        UsageCounter.GuideTopic => [FigureDimension.Topic],
        UsageCounter.GuideInvolved => [FigureDimension.Involved],
        UsageCounter.FirstRouteShown => [FigureDimension.RouteKind],
        UsageCounter.RouteShown or UsageCounter.RouteOpened => [FigureDimension.Route],
        UsageCounter.BookingAnswered => [FigureDimension.AnswerDays],
        _ => [FigureDimension.ConfidantKind, FigureDimension.BookingAudience],
    };

    /// <summary>Whether a counter is reported per month too; category counters only per half year and year (too fine per month).</summary>
    public static bool IsMonthly(UsageCounter counter) => UsageEvent.CategoryOf(counter) is null;

    /// <summary>The value a stored key has in a dimension; null when the key cannot be placed there (a version mismatch).</summary>
    public static string? ValueOf(CounterKey key, FigureDimension dimension) => dimension switch
    {
        FigureDimension.ConfidantKind => key.Kind?.ToString(),
        FigureDimension.Audience => key.Audience?.ToString() ?? Unspecified,
        FigureDimension.BookingAudience => key.Audience switch
        {
            Audience.Employees => nameof(Audience.Employees),
            Audience.Council or Audience.College => CouncilAndCollege,
            _ => null,
        },
        FigureDimension.Route => key.RouteId,
        _ => key.Category?.ToString(),
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

    /// <summary>The half years of <paramref name="year"/> that have ended (1: from July; 2: once the year has ended).</summary>
    public IReadOnlyList<int> EndedHalves(int year)
    {
        var ended = EndedMonths(year);
        return [.. new[] { 1, 2 }.Where(half => ended.Contains(half * 6))];
    }

    public bool YearHasEnded(int year) => year < UsageCounters.CurrentMonth(clock).Year;

    /// <summary>The report of a whole year (<paramref name="month"/> null) or of one month.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The period has not ended yet.</exception>
    public Task<FiguresReport> BuildAsync(int year, int? month, CancellationToken cancellationToken) =>
        BuildAsync(month is { } m ? ReportPeriod.Month(year, m) : ReportPeriod.WholeYear(year), cancellationToken);

    /// <summary>The report of a year, half year or month.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The period has not ended yet.</exception>
    public async Task<FiguresReport> BuildAsync(ReportPeriod period, CancellationToken cancellationToken)
    {
        var year = period.Year;
        var endedMonths = EndedMonths(year);
        var endedHalves = EndedHalves(year);
        var yearEnded = YearHasEnded(year);
        var ended = period.Kind switch
        {
            ReportPeriodKind.Month => endedMonths.Contains(period.Number),
            ReportPeriodKind.Half => endedHalves.Contains(period.Number),
            _ => yearEnded,
        };
        if (!ended)
        {
            throw new ArgumentOutOfRangeException(nameof(period), "Only periods that have ended can be reported.");
        }

        var counts = await ReadYearAsync(year, endedMonths, cancellationToken).ConfigureAwait(false);
        List<int> periods = [.. endedMonths, .. endedHalves.Select(half => half == 1 ? FirstHalf : SecondHalf)];
        if (yearEnded)
        {
            periods.Add(WholeYear);
        }

        var grid = new FigureGrid(periods, counts);
        var hidden = SmallCountProtection.Suppress(grid.Values, grid.Tables(), options.Value.SmallCountThreshold);

        var index = GridPeriod(period);
        var counters = Enum.GetValues<UsageCounter>()
            .Where(counter => period.Kind != ReportPeriodKind.Month || IsMonthly(counter))
            .Select(counter => new CounterFigures(
                counter,
                Shown(new Cell(index, counter, null, null), grid, hidden),
                [.. DimensionsOf(counter).Select(dimension => new Breakdown(
                    dimension,
                    [.. grid.CellValues(counter, dimension).Select(value => new BreakdownCell(value, Shown(new Cell(index, counter, dimension, value), grid, hidden)))]))]));
        var nothingCounted = counts.Where(c => period.Months.Contains(c.Key.Month)).All(c => c.Count == 0);
        return new FiguresReport(period, options.Value.SmallCountThreshold, [.. counters], period.Kind == ReportPeriodKind.Month ? null : MedianAnswerDays(grid, hidden, index), nothingCounted);
    }

    /// <summary>
    /// The bucket holding the middle answer (the lower middle for an even count), from the bucket
    /// counts: no per-booking time is needed. Only said when the number of answers is shown (at
    /// least the threshold), so a median never describes a handful of people.
    /// </summary>
    private AnswerDays? MedianAnswerDays(FigureGrid grid, IReadOnlySet<Cell> hidden, int period)
    {
        var totalCell = new Cell(period, UsageCounter.BookingAnswered, null, null);
        var total = grid.Values[totalCell];
        if (hidden.Contains(totalCell) || total < options.Value.SmallCountThreshold)
        {
            return null;
        }

        var middle = (total + 1) / 2;
        var seen = 0L;
        foreach (var bucket in Enum.GetValues<AnswerDays>())
        {
            seen += grid.Values[new Cell(period, UsageCounter.BookingAnswered, FigureDimension.AnswerDays, bucket.ToString())];
            if (seen >= middle)
            {
                return bucket;
            }
        }

        return null;
    }

    private static int GridPeriod(ReportPeriod period) => period.Kind switch
    {
        ReportPeriodKind.Month => period.Number,
        ReportPeriodKind.Half => period.Number == 1 ? FirstHalf : SecondHalf,
        _ => WholeYear,
    };

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

    /// <summary>A figure: a period, a counter, and a breakdown value in a dimension (both null = the counter's total).</summary>
    private readonly record struct Cell(int Period, UsageCounter Counter, FigureDimension? Dimension, string? Value);

    /// <summary>Every publishable figure of one year, zeros included, and the sums that link them.</summary>
    private sealed class FigureGrid
    {
        private readonly IReadOnlyList<int> _periods;
        private readonly Dictionary<(UsageCounter, FigureDimension), IReadOnlyList<string>> _cellValues = [];
        private readonly Dictionary<Cell, long> _values = [];

        public FigureGrid(IReadOnlyList<int> periods, IReadOnlyList<(CounterKey Key, long Count)> counts)
        {
            _periods = periods;
            foreach (var counter in Enum.GetValues<UsageCounter>())
            {
                foreach (var dimension in DimensionsOf(counter))
                {
                    // The same breakdown values in every period of the year, so months, halves and year line up.
                    _cellValues[(counter, dimension)] = dimension switch
                    {
                        FigureDimension.ConfidantKind => Enum.GetNames<ConfidantKind>(),
                        FigureDimension.Audience => [.. Enum.GetNames<Audience>(), .. counts.Any(c => c.Key.Counter == counter && c.Key.Audience is null) ? [Unspecified] : Array.Empty<string>()],
                        FigureDimension.BookingAudience => [nameof(Audience.Employees), CouncilAndCollege],
                        FigureDimension.Route => [.. counts.Where(c => c.Key.Counter == counter && c.Key.RouteId is not null).Select(c => c.Key.RouteId!).Distinct().Order(StringComparer.Ordinal)],
                        _ => UsageEvent.CategoryOf(counter) is { } category ? Enum.GetNames(category.Type) : [],
                    };
                }

                foreach (var period in PeriodsOf(counter))
                {
                    _values[new Cell(period, counter, null, null)] = 0;
                    foreach (var dimension in DimensionsOf(counter))
                    {
                        foreach (var value in _cellValues[(counter, dimension)])
                        {
                            _values[new Cell(period, counter, dimension, value)] = 0;
                        }
                    }
                }
            }

            foreach (var (key, count) in counts)
            {
                var values = DimensionsOf(key.Counter).Select(dimension => (Dimension: dimension, Value: ValueOf(key, dimension))).ToList();
                if (values.Any(v => v.Value is null || !_cellValues[(key.Counter, v.Dimension)].Contains(v.Value)))
                {
                    // A key this version cannot place in every breakdown (e.g. a booking without a kind) is left out whole.
                    continue;
                }

                foreach (var period in PeriodsOf(key.Counter).Where(p => Covers(p, key.Month)))
                {
                    _values[new Cell(period, key.Counter, null, null)] += count;
                    foreach (var (dimension, value) in values)
                    {
                        _values[new Cell(period, key.Counter, dimension, value)] += count;
                    }
                }
            }
        }

        public IReadOnlyDictionary<Cell, long> Values => _values;

        public IReadOnlyList<string> CellValues(UsageCounter counter, FigureDimension dimension) => _cellValues[(counter, dimension)];

        /// <summary>Each breakdown of each period sums to its total; each month-to-half, month-to-year and half-to-year sum too.</summary>
        public IReadOnlyList<LinkedTable<Cell>> Tables()
        {
            var tables = new List<LinkedTable<Cell>>();
            foreach (var counter in Enum.GetValues<UsageCounter>())
            {
                var periods = PeriodsOf(counter).ToList();
                var dimensions = DimensionsOf(counter);
                foreach (var period in periods)
                {
                    foreach (var dimension in dimensions)
                    {
                        tables.Add(new LinkedTable<Cell>(new Cell(period, counter, null, null), [.. _cellValues[(counter, dimension)].Select(v => new Cell(period, counter, dimension, v))]));
                    }
                }

                var cells = dimensions.SelectMany(d => _cellValues[(counter, d)].Select(v => ((FigureDimension?)d, (string?)v))).Prepend((null, null));
                foreach (var (dimension, value) in cells)
                {
                    foreach (var whole in periods.Where(p => p is WholeYear or FirstHalf or SecondHalf))
                    {
                        foreach (var parts in PartsOf(whole, periods))
                        {
                            tables.Add(new LinkedTable<Cell>(new Cell(whole, counter, dimension, value), [.. parts.Select(p => new Cell(p, counter, dimension, value))]));
                        }
                    }
                }
            }

            return tables;
        }

        /// <summary>The published periods that add up to <paramref name="whole"/>: its months, and for the year also its halves.</summary>
        private static IEnumerable<IReadOnlyList<int>> PartsOf(int whole, IReadOnlyList<int> periods)
        {
            var months = periods.Where(p => p is >= 1 and <= 12 && Covers(whole, p)).ToList();
            if (months.Count > 0)
            {
                yield return months;
            }

            if (whole == WholeYear && periods.Contains(FirstHalf) && periods.Contains(SecondHalf))
            {
                yield return [FirstHalf, SecondHalf];
            }
        }

        private IEnumerable<int> PeriodsOf(UsageCounter counter) =>
            IsMonthly(counter) ? _periods : _periods.Where(p => p is WholeYear or FirstHalf or SecondHalf);

        private static bool Covers(int period, int month) => period switch
        {
            WholeYear => true,
            FirstHalf => month <= 6,
            SecondHalf => month >= 7,
            _ => period == month,
        };
    }
}
