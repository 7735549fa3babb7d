using System.Globalization;
using System.Text;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.Presentation;

namespace ConfidantBot.Figures;

/// <summary>
/// The report as CSV (RFC 4180: comma-separated, CRLF, fields quoted when needed; UTF-8 with a BOM
/// so spreadsheet programs read the accents). One row per counter total and per breakdown value;
/// figures that are not shown read "&lt; 5" (small) or "verborgen" / "hidden" (hidden to protect a
/// small one), as on the card.
/// </summary>
public static class FiguresCsv
{
    public const string ContentType = "text/csv";

    public static string Build(FiguresReport report, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(report);
        var period = report.Period.Kind switch
        {
            ReportPeriodKind.Month => string.Create(CultureInfo.InvariantCulture, $"{report.Year:D4}-{report.Period.Number:D2}"),
            ReportPeriodKind.Half => string.Create(CultureInfo.InvariantCulture, $"{report.Year:D4}-H{report.Period.Number}"),
            _ => report.Year.ToString("D4", CultureInfo.InvariantCulture),
        };
        var csv = new StringBuilder();
        AppendRow(csv, [.. new[] { "period", "counter", "dimension", "value", "count" }.Select(column => Texts.Get(culture, "figures.csv." + column))]);
        foreach (var counter in report.Counters)
        {
            var name = FiguresTexts.CounterName(counter.Counter, culture);
            AppendRow(csv, [period, name, Texts.Get(culture, "figures.csv.total"), "", Count(counter.Total, report.Threshold, culture)]);
            foreach (var breakdown in counter.Breakdowns)
            {
                var dimension = FiguresTexts.DimensionName(breakdown.Dimension, culture);
                foreach (var cell in breakdown.Cells)
                {
                    AppendRow(csv, [period, name, dimension, FiguresTexts.ValueName(cell.Value, culture), Count(cell.Figure, report.Threshold, culture)]);
                }
            }

            if (counter.Counter == UsageCounter.BookingAnswered)
            {
                // The median as its day group (or empty when too few answers to name one): never a number of days of its own.
                var median = report.MedianAnswerDays is { } days ? FiguresTexts.AnswerDaysName(days, culture) : "";
                AppendRow(csv, [period, name, Texts.Get(culture, "figures.csv.median"), median, ""]);
            }
        }

        return csv.ToString();
    }

    /// <summary>
    /// The CSV as a file attachment carried in the message itself (a data URI), so no file is stored
    /// anywhere: Web Chat and the local channel offer it as a download.
    /// </summary>
    public static Attachment Attachment(FiguresReport report, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(report);
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Build(report, culture))).ToArray();
        return new Attachment
        {
            ContentType = ContentType,
            Name = report.FileName(culture),
            ContentUrl = "data:text/csv;base64," + Convert.ToBase64String(bytes),
        };
    }

    // Machine-readable counts: digits without grouping, so a spreadsheet reads them as numbers; the
    // same markers as the card for figures that are not shown ("< 5", "verborgen" / "hidden").
    private static string Count(Figure figure, int threshold, CultureInfo culture) => figure.State switch
    {
        FigureState.Shown => figure.Count!.Value.ToString(CultureInfo.InvariantCulture),
        FigureState.Small => Figure.SmallMarker(threshold, CultureInfo.InvariantCulture),
        _ => Figure.HiddenMarker(culture),
    };

    private static void AppendRow(StringBuilder csv, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                csv.Append(',');
            }

            var field = fields[i];
            if (field.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                csv.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                csv.Append(field);
            }
        }

        csv.Append("\r\n");
    }
}
