using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using ConfidantBot.Presentation;

namespace ConfidantBot.Figures.YearlyReport;

/// <summary>A section of the yearly report: its counters and the plain-language paragraph about them.</summary>
public sealed record ReportSection(string Key, IReadOnlyList<UsageCounter> Counters);

/// <summary>
/// The yearly overview as a short printable document (HTML that prints to A4 in one or two pages):
/// title, a paragraph per section in plain language, the bar chart, a table per section with the same
/// protected figures as the card and the CSV, and the footnotes on small and hidden counts. Built only
/// from a protected <see cref="FiguresReport"/>, so it cannot show more than the card does.
/// Template: <c>Figures/YearlyReport/yearly-report.html</c>; texts: <c>figures.document.*</c>.
/// </summary>
public static class YearlyReportDocument
{
    public const string ContentType = "text/html; charset=utf-8";

    /// <summary>The sections in the order of the report; every counter appears in exactly one.</summary>
    public static IReadOnlyList<ReportSection> Sections { get; } =
    [
        new("guide", [UsageCounter.GuideStarted, UsageCounter.GuideFinished]),
        new("routes", [UsageCounter.RouteShown, UsageCounter.RouteOpened]),
        new("bookings", [UsageCounter.BookingRequested, UsageCounter.BookingAccepted, UsageCounter.BookingDeclined, UsageCounter.BookingCancelled, UsageCounter.BookingHeld]),
    ];

    private static readonly Lazy<string> Template = new(() => Encoding.UTF8.GetString(AppResources.Read("Figures.YearlyReport.yearly-report.html")));

    public static string FileName(int year) => string.Create(CultureInfo.InvariantCulture, $"jaaroverzicht-{year:D4}.html");

    public static string Html(FiguresReport report, byte[] chartPng, DateOnly madeOn, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(chartPng);
        if (report.Month is not null)
        {
            throw new ArgumentException("The yearly report is made of a whole year's figures.", nameof(report));
        }

        var html = HtmlEncoder.Default;
        var year = report.Year.ToString(CultureInfo.InvariantCulture);
        var sections = new StringBuilder();
        foreach (var section in Sections)
        {
            sections.Append("<section data-section=\"").Append(section.Key).Append("\">\n<h2>")
                .Append(html.Encode(Texts.Get(culture, $"figures.document.{section.Key}.title"))).Append("</h2>\n<p>")
                .Append(html.Encode(Paragraph(section, report, culture))).Append("</p>\n");
            AppendTable(sections, section, report, culture);
            sections.Append("</section>\n");
        }

        var notes = new StringBuilder();
        notes.Append("<p>").Append(html.Encode(Texts.Format(culture, "figures.report.smallCounts", report.Threshold))).Append("</p>\n");
        if (report.HasHiddenFigures)
        {
            notes.Append("<p data-note=\"hidden\">").Append(html.Encode(Texts.Format(culture, "figures.report.hiddenNote", report.Threshold))).Append("</p>\n");
        }

        notes.Append("<p>").Append(html.Encode(Texts.Get(culture, "figures.document.notCounted"))).Append("</p>\n");
        notes.Append("<p>").Append(html.Encode(Texts.Format(culture, "figures.document.csv", report.FileName))).Append("</p>\n");

        return Template.Value
            .Replace("{{lang}}", culture.TwoLetterISOLanguageName, StringComparison.Ordinal)
            .Replace("{{title}}", html.Encode(FiguresTexts.PeriodTitle(report, culture)), StringComparison.Ordinal)
            .Replace("{{meta}}", html.Encode(Texts.Format(culture, "figures.document.meta", year, madeOn.ToString("d MMMM yyyy", culture))), StringComparison.Ordinal)
            .Replace("{{intro}}", html.Encode(Texts.Get(culture, "figures.document.intro")), StringComparison.Ordinal)
            .Replace("{{chart}}", "data:image/png;base64," + Convert.ToBase64String(chartPng), StringComparison.Ordinal)
            .Replace("{{chartAlt}}", html.Encode(Texts.Get(culture, "figures.chart.alt")), StringComparison.Ordinal)
            .Replace("{{sections}}", sections.ToString(), StringComparison.Ordinal)
            .Replace("{{notes}}", notes.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The section's paragraph: its totals in words ("39", "minder dan 5", "5 of meer (verborgen)").</summary>
    public static string Paragraph(ReportSection section, FiguresReport report, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(report);
        var amounts = section.Counters.Select(counter => (object)Amount(Total(report, counter), report.Threshold, culture)).ToList();
        if (section.Key == "routes")
        {
            amounts.Add(MostShown(report, culture));
        }

        return Texts.Format(culture, $"figures.document.{section.Key}.text", [.. amounts]).Trim();
    }

    public static string Amount(Figure figure, int threshold, CultureInfo culture) => figure.State switch
    {
        FigureState.Shown => figure.Count!.Value.ToString("N0", culture),
        FigureState.Small => Texts.Format(culture, "figures.document.amountSmall", threshold),
        _ => Texts.Format(culture, "figures.document.amountHidden", threshold),
    };

    private static string MostShown(FiguresReport report, CultureInfo culture)
    {
        var shown = report.Counters.Single(c => c.Counter == UsageCounter.RouteShown);
        var top = shown.Cells.Where(cell => cell.Figure.State == FigureState.Shown).MaxBy(cell => cell.Figure.Count);
        return top is null
            ? string.Empty
            : Texts.Format(culture, "figures.document.routes.top", FiguresTexts.ValueName(top.Value, culture), top.Figure.Display(report.Threshold, culture));
    }

    private static Figure Total(FiguresReport report, UsageCounter counter) => report.Counters.Single(c => c.Counter == counter).Total;

    private static void AppendTable(StringBuilder html, ReportSection section, FiguresReport report, CultureInfo culture)
    {
        var encoder = HtmlEncoder.Default;
        html.Append("<table>\n<thead><tr><th>").Append(encoder.Encode(Texts.Get(culture, "figures.csv.counter")))
            .Append("</th><th class=\"count\">").Append(encoder.Encode(Texts.Get(culture, "figures.csv.count"))).Append("</th></tr></thead>\n<tbody>\n");
        foreach (var counter in report.Counters.Where(c => section.Counters.Contains(c.Counter)))
        {
            html.Append("<tr class=\"total\" data-counter=\"").Append(counter.Counter).Append("\"><td>")
                .Append(encoder.Encode(FiguresTexts.CounterName(counter.Counter, culture))).Append("</td><td class=\"count\">")
                .Append(encoder.Encode(counter.Total.Display(report.Threshold, culture))).Append("</td></tr>\n");
            var dimension = FiguresTexts.DimensionName(counter.Dimension, culture);
            foreach (var cell in counter.Cells)
            {
                html.Append("<tr class=\"part\" data-value=\"").Append(encoder.Encode(cell.Value)).Append("\"><td>")
                    .Append(encoder.Encode($"{dimension}: {FiguresTexts.ValueName(cell.Value, culture)}")).Append("</td><td class=\"count\">")
                    .Append(encoder.Encode(cell.Figure.Display(report.Threshold, culture))).Append("</td></tr>\n");
            }
        }

        html.Append("</tbody>\n</table>\n");
    }
}
