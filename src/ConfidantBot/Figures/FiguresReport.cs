using System.Globalization;

namespace ConfidantBot.Figures;

/// <summary>How a counter is broken down in a report: each breakdown by one of these, never two crossed.</summary>
public enum FigureDimension
{
    /// <summary>The guide's audience: employees, council, college, or another role (or rather not say).</summary>
    Audience,
    ConfidantKind,
    Route,
    Topic,
    Involved,
    RouteKind,

    /// <summary>A booking's audience, coarse: employees, or council and college together.</summary>
    BookingAudience,
    AnswerDays,
}

/// <summary>Which stretch of a year a report covers.</summary>
public enum ReportPeriodKind
{
    Year,
    Half,
    Month,
}

/// <summary>A reported period: a whole year, a half year (1 = January–June, 2 = July–December) or a month.</summary>
public readonly record struct ReportPeriod(int Year, ReportPeriodKind Kind, int Number)
{
    public static ReportPeriod WholeYear(int year) => new(year, ReportPeriodKind.Year, 0);

    public static ReportPeriod Half(int year, int half) => half is 1 or 2
        ? new(year, ReportPeriodKind.Half, half)
        : throw new ArgumentOutOfRangeException(nameof(half), "A year has two halves: 1 or 2.");

    public static ReportPeriod Month(int year, int month) => month is >= 1 and <= 12
        ? new(year, ReportPeriodKind.Month, month)
        : throw new ArgumentOutOfRangeException(nameof(month), "A month is 1 to 12.");

    /// <summary>The months the period covers.</summary>
    public IReadOnlyList<int> Months => Kind switch
    {
        ReportPeriodKind.Year => [.. Enumerable.Range(1, 12)],
        ReportPeriodKind.Half => [.. Enumerable.Range(Number == 1 ? 1 : 7, 6)],
        _ => [Number],
    };
}

/// <summary>Whether a figure is shown, and if not, why not.</summary>
public enum FigureState
{
    Shown,

    /// <summary>Below the threshold (primary suppression): shown as "&lt; 5".</summary>
    Small,

    /// <summary>
    /// Not small itself (at least the threshold), hidden only so that a small figure beside it cannot
    /// be worked out by subtraction (secondary suppression): shown as "verborgen / hidden".
    /// </summary>
    Hidden,
}

/// <summary>A figure as it may be shown: the count when shown; no count at all when small or hidden.</summary>
public readonly record struct Figure
{
    private Figure(FigureState state, long? count)
    {
        State = state;
        Count = count;
    }

    public FigureState State { get; }

    /// <summary>The count; null when the figure is not shown.</summary>
    public long? Count { get; }

    public bool Suppressed => State != FigureState.Shown;

    public static Figure Small { get; } = new(FigureState.Small, null);

    public static Figure Hidden { get; } = new(FigureState.Hidden, null);

    public static Figure Shown(long count) => new(FigureState.Shown, count);

    /// <summary>"1.234", "&lt; 5", or "verborgen" / "hidden".</summary>
    public string Display(int threshold, CultureInfo culture) => State switch
    {
        FigureState.Shown => Count!.Value.ToString("N0", culture),
        FigureState.Small => SmallMarker(threshold, culture),
        _ => HiddenMarker(culture),
    };

    public static string SmallMarker(int threshold, CultureInfo culture) => $"< {threshold.ToString(culture)}";

    public static string HiddenMarker(CultureInfo culture) => Presentation.Texts.Get(culture, "figures.hidden");
}

/// <summary>One part of a breakdown: a dimension value (an enum name, a route key or <see cref="FiguresReportBuilder.Unspecified"/>) and its figure.</summary>
public sealed record BreakdownCell(string Value, Figure Figure);

/// <summary>One breakdown of a counter: its parts add up to the counter's total.</summary>
public sealed record Breakdown(FigureDimension Dimension, IReadOnlyList<BreakdownCell> Cells);

/// <summary>A counter in a report: its total and its breakdowns (each by one dimension; they share the total).</summary>
public sealed record CounterFigures(UsageCounter Counter, Figure Total, IReadOnlyList<Breakdown> Breakdowns)
{
    public IEnumerable<Figure> AllFigures => Breakdowns.SelectMany(b => b.Cells).Select(c => c.Figure).Prepend(Total);

    /// <summary>The breakdown by <paramref name="dimension"/>.</summary>
    public Breakdown By(FigureDimension dimension) => Breakdowns.Single(b => b.Dimension == dimension);
}

/// <summary>
/// The figures of one year, half year or month, already protected: hidden figures carry no count,
/// so nothing built from a report (card, chart, CSV, document) can leak one.
/// </summary>
/// <param name="MedianAnswerDays">The day bucket of the middle first answer to a booking; null when the period had fewer answers than the threshold (or is a month).</param>
/// <param name="NothingCounted">
/// Not a single count in the period (every counter is 0). Zero is nobody, so saying so cannot point at
/// anyone; a period with only small counts is not "nothing" and keeps its "&lt; 5" markers.
/// </param>
public sealed record FiguresReport(ReportPeriod Period, int Threshold, IReadOnlyList<CounterFigures> Counters, AnswerDays? MedianAnswerDays = null, bool NothingCounted = false)
{
    public int Year => Period.Year;

    /// <summary>The month of a month report; null for a year or half year.</summary>
    public int? Month => Period.Kind == ReportPeriodKind.Month ? Period.Number : null;

    /// <summary>Whether any figure is hidden to protect another (then the report explains "hidden" in a footnote).</summary>
    public bool HasHiddenFigures => Counters.Any(counter => counter.AllFigures.Any(figure => figure.State == FigureState.Hidden));

    /// <summary>Whether any figure is below the threshold.</summary>
    public bool HasSmallFigures => Counters.Any(counter => counter.AllFigures.Any(figure => figure.State == FigureState.Small));

    public CounterFigures this[UsageCounter counter] => Counters.Single(c => c.Counter == counter);

    /// <summary>The CSV's name in the reader's language: <c>cijfers-2026-h1.csv</c>, <c>figures-2026-03.csv</c>.</summary>
    public string FileName(CultureInfo culture)
    {
        var name = Presentation.Texts.Get(culture, "figures.csv.fileName");
        return Period.Kind switch
        {
            ReportPeriodKind.Month => string.Create(CultureInfo.InvariantCulture, $"{name}-{Year:D4}-{Period.Number:D2}.csv"),
            ReportPeriodKind.Half => string.Create(CultureInfo.InvariantCulture, $"{name}-{Year:D4}-h{Period.Number}.csv"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{name}-{Year:D4}.csv"),
        };
    }
}
