using System.Globalization;
using ConfidantBot.Presentation;
using ScottPlot;

namespace ConfidantBot.Figures;

/// <summary>One bar: its label, its height (0 for a hidden figure) and the text printed on it ("&lt; 5" when hidden).</summary>
public sealed record ChartBar(string Label, long Height, string ValueLabel);

/// <summary>Exactly what the chart shows; the renderer draws this and nothing else, so tests can check the bars against the report.</summary>
public sealed record ChartModel(string Title, IReadOnlyList<ChartBar> Bars);

/// <summary>A horizontal bar chart of a report's totals, one bar per counter, as a small PNG (ScottPlot, headless SkiaSharp).</summary>
public static class FiguresChart
{
    public const int Width = 600;
    public const int Height = 300;

    // A sans-serif family the machine has (fontconfig's default can be a serif face); any is fine for the chart.
    private static readonly Lazy<string> SansFont = new(() =>
        new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Segoe UI" }
            .FirstOrDefault(name => SkiaSharp.SKFontManager.Default.GetFontFamilies().Contains(name, StringComparer.OrdinalIgnoreCase))
        ?? Fonts.Sans);

    public static ChartModel ModelFor(FiguresReport report, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new ChartModel(
            FiguresTexts.PeriodTitle(report, culture),
            // The category counters repeat the totals of others (a finished guide, an answer): left out of the chart.
            [.. report.Counters.Where(c => FiguresReportBuilder.IsMonthly(c.Counter)).Select(c => new ChartBar(
                FiguresTexts.CounterName(c.Counter, culture),
                c.Total.Count ?? 0,
                c.Total.Display(report.Threshold, culture)))]);
    }

    public static byte[] RenderPng(ChartModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var plot = new Plot();
        try
        {
            plot.Font.Set(SansFont.Value);

            // The first counter on top: bars are placed from the top down.
            var count = model.Bars.Count;
            var bars = model.Bars.Select((bar, index) => new Bar
            {
                Position = count - index,
                Value = bar.Height,
                Label = bar.ValueLabel,
                FillColor = Color.FromHex("#2B579A"),
            }).ToList();
            var barPlot = plot.Add.Bars(bars);
            barPlot.Horizontal = true;
            barPlot.ValueLabelStyle.FontSize = 11;

            plot.Axes.Left.SetTicks(
                [.. Enumerable.Range(0, count).Select(index => (double)(count - index))],
                [.. model.Bars.Select(bar => bar.Label)]);
            plot.Axes.Left.TickLabelStyle.FontSize = 11;
            plot.Axes.Bottom.TickLabelStyle.FontSize = 10;
            plot.Axes.Margins(left: 0, right: 0.15, bottom: 0.05, top: 0.05);
            plot.Title(model.Title, 13);
            plot.Grid.MajorLineColor = Color.FromHex("#E5E5E5");

            return plot.GetImage(Width, Height).GetImageBytes(ImageFormat.Png);
        }
        finally
        {
            plot.Dispose();
        }
    }
}
