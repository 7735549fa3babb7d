using System.Globalization;

namespace ConfidantBot.Figures;

/// <summary>How a counter is broken down in a report: always by exactly one of these, never two at once.</summary>
public enum FigureDimension
{
    Audience,
    ConfidantKind,
    Route,
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

/// <summary>A counter in a report: its total and one breakdown.</summary>
public sealed record CounterFigures(UsageCounter Counter, Figure Total, FigureDimension Dimension, IReadOnlyList<BreakdownCell> Cells);

/// <summary>
/// The figures of one year (<see cref="Month"/> null) or one month, already protected: hidden
/// figures carry no count, so nothing built from a report (card, chart, CSV) can leak one.
/// </summary>
public sealed record FiguresReport(int Year, int? Month, int Threshold, IReadOnlyList<CounterFigures> Counters)
{
    /// <summary>Whether any figure is hidden to protect another (then the report explains "hidden" in a footnote).</summary>
    public bool HasHiddenFigures => Counters.Any(counter =>
        counter.Total.State == FigureState.Hidden || counter.Cells.Any(cell => cell.Figure.State == FigureState.Hidden));

    /// <summary>Whether any figure is below the threshold.</summary>
    public bool HasSmallFigures => Counters.Any(counter =>
        counter.Total.State == FigureState.Small || counter.Cells.Any(cell => cell.Figure.State == FigureState.Small));

    public string FileName => Month is { } month
        ? string.Create(CultureInfo.InvariantCulture, $"figures-{Year:D4}-{month:D2}.csv")
        : string.Create(CultureInfo.InvariantCulture, $"figures-{Year:D4}.csv");
}
