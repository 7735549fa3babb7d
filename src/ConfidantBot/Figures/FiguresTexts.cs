using System.Globalization;
using ConfidantBot.Presentation;

namespace ConfidantBot.Figures;

/// <summary>Names of counters, dimensions, values and periods in the person's language (texts from <c>Figures/Texts</c>).</summary>
public static class FiguresTexts
{
    public static string CounterName(UsageCounter counter, CultureInfo culture) =>
        Texts.Get(culture, "figures.counter." + Camel(counter.ToString()));

    public static string DimensionName(FigureDimension dimension, CultureInfo culture) =>
        Texts.Get(culture, "figures.dimension." + Camel(dimension.ToString()));

    /// <summary>A breakdown value: a confidant kind, an audience, or a route (a route without a text of its own shows its key).</summary>
    public static string ValueName(string value, CultureInfo culture) =>
        Texts.For(culture).TryGetValue("figures.value." + value, out var text) ? text : value;

    public static string MonthName(int month, CultureInfo culture) => culture.DateTimeFormat.GetMonthName(month);

    public static string PeriodName(int year, int? month, CultureInfo culture) => month is { } m
        ? PeriodName(ReportPeriod.Month(year, m), culture)
        : PeriodName(ReportPeriod.WholeYear(year), culture);

    public static string PeriodName(ReportPeriod period, CultureInfo culture) => period.Kind switch
    {
        ReportPeriodKind.Month => Texts.Format(culture, "figures.period.month", MonthName(period.Number, culture), period.Year.ToString(CultureInfo.InvariantCulture)),
        ReportPeriodKind.Half => Texts.Format(culture, $"figures.period.half{period.Number}", period.Year.ToString(CultureInfo.InvariantCulture)),
        _ => Texts.Format(culture, "figures.period.year", period.Year.ToString(CultureInfo.InvariantCulture)),
    };

    public static string PeriodTitle(FiguresReport report, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Texts.Format(culture, "figures.report.title", PeriodName(report.Period, culture));
    }

    /// <summary>"3 tot en met 5 dagen": a day bucket in words.</summary>
    public static string AnswerDaysName(AnswerDays days, CultureInfo culture) => ValueName(days.ToString(), culture);

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
