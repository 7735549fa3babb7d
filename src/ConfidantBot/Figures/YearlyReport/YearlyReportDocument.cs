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
public static partial class YearlyReportDocument
{
    public const string ContentType = "text/html; charset=utf-8";

    /// <summary>The sections in the order of the report, one per question; every counter appears in exactly one.</summary>
    public static IReadOnlyList<ReportSection> Sections { get; } =
    [
        new("guide", [UsageCounter.GuideStarted, UsageCounter.GuideFinished]),
        new("topics", [UsageCounter.GuideTopic]),
        new("involved", [UsageCounter.GuideInvolved]),
        new("firstRoute", [UsageCounter.FirstRouteShown]),
        new("routes", [UsageCounter.RouteShown, UsageCounter.RouteOpened]),
        new("bookings", [UsageCounter.BookingRequested, UsageCounter.BookingAccepted, UsageCounter.BookingDeclined, UsageCounter.BookingNewTime, UsageCounter.BookingCancelled, UsageCounter.BookingHeld]),
        new("answers", [UsageCounter.BookingAnswered]),
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
        var intro = html.Encode(Texts.Get(culture, "figures.document.intro"));
        string opening;
        var sections = new StringBuilder();
        var notes = new StringBuilder();
        if (report.NothingCounted)
        {
            // Nothing to show: say so in words instead of tables and a chart full of "< 5".
            opening = $"<p>{intro}</p>\n<p data-note=\"empty\">{html.Encode(Texts.Format(culture, "figures.document.empty", year))}</p>";
        }
        else
        {
            opening = $"<div class=\"opening\">\n<p>{intro}</p>\n<img class=\"chart\" src=\"data:image/png;base64,{Convert.ToBase64String(chartPng)}\" alt=\"{html.Encode(Texts.Get(culture, "figures.chart.alt"))}\">\n</div>";
            AppendSections(sections, report, culture);
            notes.Append("<p>").Append(html.Encode(Texts.Format(culture, "figures.report.smallCounts", report.Threshold))).Append("</p>\n");
            if (report.HasHiddenFigures)
            {
                notes.Append("<p data-note=\"hidden\">").Append(html.Encode(Texts.Format(culture, "figures.report.hiddenNote", report.Threshold))).Append("</p>\n");
            }
        }

        notes.Append("<p>").Append(html.Encode(Texts.Get(culture, "figures.document.notCounted"))).Append("</p>\n");

        // What this is not: the legal yearly account of reports and the integrity policy, and what HR adds for that.
        notes.Append("<p data-note=\"legal\">").Append(html.Encode(Texts.Get(culture, "figures.document.notTheLegalOverview"))).Append("</p>\n");
        if (!report.NothingCounted)
        {
            notes.Append("<p>").Append(html.Encode(Texts.Format(culture, "figures.document.csv", report.FileName(culture)))).Append("</p>\n");
        }

        return Template.Value
            .Replace("{{lang}}", culture.TwoLetterISOLanguageName, StringComparison.Ordinal)
            .Replace("{{title}}", html.Encode(FiguresTexts.PeriodTitle(report, culture)), StringComparison.Ordinal)
            .Replace("{{meta}}", html.Encode(Texts.Format(culture, "figures.document.meta", year, madeOn.ToString("d MMMM yyyy", culture))), StringComparison.Ordinal)
            .Replace("{{opening}}", opening, StringComparison.Ordinal)
            .Replace("{{sections}}", sections.ToString(), StringComparison.Ordinal)
            .Replace("{{notes}}", notes.ToString(), StringComparison.Ordinal);
    }

    private static void AppendSections(StringBuilder sections, FiguresReport report, CultureInfo culture)
    {
        var html = HtmlEncoder.Default;
        foreach (var section in Sections)
        {
            // A short section sets its paragraph beside its table, so the overview stays within two A4 pages.
            sections.Append("<section data-section=\"").Append(section.Key).Append('"').Append(section.Counters.Count <= 2 && section.Key != "routes" ? " class=\"side\"" : "").Append(">\n<h2>")
                .Append(html.Encode(Texts.Get(culture, $"figures.document.{section.Key}.title"))).Append("</h2>\n<p>")
                .Append(html.Encode(Paragraph(section, report, culture))).Append("</p>\n");
            AppendTable(sections, section, report, culture);
            sections.Append("</section>\n");
        }
    }

    /// <summary>
    /// The section's paragraph: its totals in words ("39", "minder dan 5", "5 of meer (verborgen)"); for a
    /// section of one category counter, its total and then each group in order.
    /// </summary>
    public static string Paragraph(ReportSection section, FiguresReport report, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(report);
        var amounts = section.Counters.Select(counter => (object)Amount(report[counter].Total, report.Threshold, culture)).ToList();
        if (section.Counters is [var single] && UsageEvent.CategoryOf(single) is not null && single != UsageCounter.BookingAnswered)
        {
            amounts.AddRange(report[single].Breakdowns.Single().Cells.Select(cell => (object)Amount(cell.Figure, report.Threshold, culture)));
        }

        if (section.Key == "routes")
        {
            amounts.Add(MostShown(report, culture));
        }

        if (section.Key == "answers")
        {
            amounts.Add(report.MedianAnswerDays is { } median
                ? Texts.Format(culture, "figures.document.answers.median", FiguresTexts.AnswerDaysName(median, culture))
                : Texts.Get(culture, "figures.document.answers.medianNone"));
        }

        // An amount in words may open a sentence ("minder dan 5 keer …"): give it its capital there.
        return SentenceStart().Replace(Texts.Format(culture, $"figures.document.{section.Key}.text", [.. amounts]).Trim(), match => match.Value.ToUpper(culture));
    }

    public static string Amount(Figure figure, int threshold, CultureInfo culture) => figure.State switch
    {
        FigureState.Shown => figure.Count!.Value.ToString("N0", culture),
        FigureState.Small => Texts.Format(culture, "figures.document.amountSmall", threshold),
        _ => Texts.Format(culture, "figures.document.amountHidden", threshold),
    };

    private static string MostShown(FiguresReport report, CultureInfo culture)
    {
        var shown = report[UsageCounter.RouteShown].By(FigureDimension.Route);
        var top = shown.Cells.Where(cell => cell.Figure.State == FigureState.Shown).MaxBy(cell => cell.Figure.Count);
        return top is null
            ? string.Empty
            : Texts.Format(culture, "figures.document.routes.top", FiguresTexts.ValueName(top.Value, culture), top.Figure.Display(report.Threshold, culture));
    }

    /// <summary>
    /// One table per section: a column per counter, the totals first, then per breakdown a heading row
    /// and a row per value. Each count cell names its counter and value (data attributes) for tests.
    /// A section of one counter with one breakdown leaves out the column heading and the breakdown row
    /// (the section's heading says both). The routes, a long list, print in two halves side by side,
    /// so that the report of any year stays within two A4 pages.
    /// </summary>
    private static void AppendTable(StringBuilder html, ReportSection section, FiguresReport report, CultureInfo culture)
    {
        var encoder = HtmlEncoder.Default;
        var counters = section.Counters.Select(counter => report[counter]).ToList();
        var dimensions = counters.SelectMany(c => c.Breakdowns.Select(b => b.Dimension)).Distinct().ToList();
        var single = counters.Count == 1 && dimensions.Count == 1;
        var halves = dimensions is [FigureDimension.Route] ? 2 : 1;
        var width = halves * (counters.Count + 1);
        html.Append(single ? "<table class=\"single\">\n" : halves == 2 ? "<table class=\"halves\">\n" : "<table>\n");
        if (!single)
        {
            html.Append("<thead><tr>");
            for (var half = 0; half < halves; half++)
            {
                html.Append(half == 0 ? "<th></th>" : "<th class=\"half\"></th>");
                foreach (var counter in counters)
                {
                    html.Append("<th class=\"count\">").Append(encoder.Encode(FiguresTexts.CounterName(counter.Counter, culture))).Append("</th>");
                }
            }

            html.Append("</tr></thead>\n");
        }

        html.Append("<tbody>\n<tr class=\"total\"><td>").Append(encoder.Encode(Texts.Get(culture, "figures.csv.total"))).Append("</td>");
        foreach (var counter in counters)
        {
            AppendCount(html, counter.Counter, null, counter.Total, report, culture);
        }

        if (halves == 2)
        {
            html.Append("<td colspan=\"").Append(counters.Count + 1).Append("\"></td>");
        }

        html.Append("</tr>\n");
        foreach (var dimension in dimensions)
        {
            var values = counters.SelectMany(c => c.Breakdowns.Where(b => b.Dimension == dimension).SelectMany(b => b.Cells).Select(cell => cell.Value)).Distinct().ToList();
            if (values.Count == 0)
            {
                continue;
            }

            if (dimension == FigureDimension.Route)
            {
                // Route keys sort as stored; readers look for a route by its name.
                values = [.. values.OrderBy(value => FiguresTexts.ValueName(value, culture), StringComparer.Create(culture, ignoreCase: true))];
            }

            if (!single)
            {
                html.Append("<tr class=\"dimension\"><td colspan=\"").Append(width).Append("\">")
                    .Append(encoder.Encode(Texts.Format(culture, "figures.report.breakdown", FiguresTexts.DimensionName(dimension, culture)))).Append("</td></tr>\n");
            }

            var rows = (values.Count + halves - 1) / halves;
            for (var row = 0; row < rows; row++)
            {
                html.Append("<tr class=\"part\">");
                for (var half = 0; half < halves; half++)
                {
                    var index = (half * rows) + row;
                    if (index < values.Count)
                    {
                        AppendPart(html, dimension, values[index], counters, half, report, culture);
                    }
                    else
                    {
                        html.Append("<td colspan=\"").Append(counters.Count + 1).Append("\"></td>");
                    }
                }

                html.Append("</tr>\n");
            }
        }

        html.Append("</tbody>\n</table>\n");
    }

    private static void AppendPart(StringBuilder html, FigureDimension dimension, string value, IReadOnlyList<CounterFigures> counters, int half, FiguresReport report, CultureInfo culture)
    {
        html.Append(half == 0 ? "<td class=\"name\">" : "<td class=\"name half\">").Append(HtmlEncoder.Default.Encode(FiguresTexts.ValueName(value, culture))).Append("</td>");
        foreach (var counter in counters)
        {
            var breakdown = counter.Breakdowns.FirstOrDefault(b => b.Dimension == dimension);
            var cell = breakdown?.Cells.FirstOrDefault(c => c.Value == value);
            if (breakdown is null)
            {
                // This counter is not broken down this way: nothing to show.
                html.Append("<td class=\"count\"></td>");
            }
            else if (cell is null)
            {
                // Only routes differ between counters: a route never opened this year (0) reads as small.
                html.Append("<td class=\"count\">").Append(HtmlEncoder.Default.Encode(Figure.SmallMarker(report.Threshold, culture))).Append("</td>");
            }
            else
            {
                AppendCount(html, counter.Counter, value, cell.Figure, report, culture);
            }
        }
    }

    private static void AppendCount(StringBuilder html, UsageCounter counter, string? value, Figure figure, FiguresReport report, CultureInfo culture) =>
        html.Append("<td class=\"count\" data-counter=\"").Append(counter).Append("\" data-value=\"").Append(HtmlEncoder.Default.Encode(value ?? "")).Append("\">")
            .Append(HtmlEncoder.Default.Encode(figure.Display(report.Threshold, culture))).Append("</td>");

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<=^|[.?!] )\p{Ll}")]
    private static partial System.Text.RegularExpressions.Regex SentenceStart();
}
