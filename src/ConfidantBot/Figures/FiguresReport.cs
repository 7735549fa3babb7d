using System.Globalization;

namespace ConfidantBot.Figures;

/// <summary>How a counter is broken down in a report: always by exactly one of these, never two at once.</summary>
public enum FigureDimension
{
    Audience,
    ConfidantKind,
    Route,
}

/// <summary>A figure as it may be shown: the count, or null when it is hidden ("&lt; 5").</summary>
public readonly record struct Figure(long? Count)
{
    public bool Suppressed => Count is null;

    public string Display(int threshold, CultureInfo culture) =>
        Count is { } count ? count.ToString("N0", culture) : $"< {threshold.ToString(culture)}";
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
    public string FileName => Month is { } month
        ? string.Create(CultureInfo.InvariantCulture, $"figures-{Year:D4}-{month:D2}.csv")
        : string.Create(CultureInfo.InvariantCulture, $"figures-{Year:D4}.csv");
}
