using System.Globalization;
using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.Presentation;

namespace ConfidantBot.Figures;

/// <summary>The Adaptive Cards of the figures conversation (templates in <c>Figures/Cards</c>).</summary>
public static class FiguresCards
{
    private const string Feature = "Figures";

    /// <summary>A drop-down of periods (submitted as <c>{"choice":"&lt;id&gt;"}</c>, which the choice prompt reads) and a button.</summary>
    public static Attachment Choose(string prompt, IEnumerable<(string Id, string Title)> choices, bool yearNotEnded, CultureInfo culture)
    {
        var list = choices.ToList();
        return CardTemplates.Card(Feature, "choose", new CardValues()
            .Set("prompt", prompt)
            .Set("first", list.Count > 0 ? list[0].Id : "")
            .SetList("choices", list.Select(c => (JsonNode)new JsonObject { ["title"] = c.Title, ["value"] = c.Id }))
            .When("yearNotEnded", yearNotEnded), culture);
    }

    /// <summary>The report: title, chart, each counter's total and breakdown, and the small-count rule.</summary>
    public static Attachment Report(FiguresReport report, byte[] chartPng, CultureInfo culture, string? documentUrl = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(chartPng);
        var counters = report.Counters.Select(counter => CardTemplates.Bind(Feature, "counter", new CardValues()
            .Set("name", FiguresTexts.CounterName(counter.Counter, culture))
            .Set("total", counter.Total.Display(report.Threshold, culture))
            .SetList("breakdowns", counter.Breakdowns.Where(breakdown => breakdown.Cells.Count > 0).Select(breakdown => CardTemplates.Bind(Feature, "breakdown", new CardValues()
                .Set("breakdown", Texts.Format(culture, "figures.report.breakdown", FiguresTexts.DimensionName(breakdown.Dimension, culture)))
                .SetList("cells", breakdown.Cells.Select(cell => (JsonNode)new JsonObject
                {
                    ["title"] = FiguresTexts.ValueName(cell.Value, culture),
                    ["value"] = cell.Figure.Display(report.Threshold, culture),
                })), culture))), culture));
        return CardTemplates.Card(Feature, "report", new CardValues()
            .Set("title", FiguresTexts.PeriodTitle(report, culture))
            .Set("chartUrl", "data:image/png;base64," + Convert.ToBase64String(chartPng))
            .Set("smallCounts", Texts.Format(culture, "figures.report.smallCounts", report.Threshold))
            .Set("hiddenNote", Texts.Format(culture, "figures.report.hiddenNote", report.Threshold))
            .When("hasHidden", report.HasHiddenFigures)
            .Set("documentUrl", documentUrl ?? string.Empty)
            .Set("documentNote", Texts.Format(culture, "figures.document.linkValid", (int)YearlyReport.ReportLinks.Lifetime.TotalMinutes))
            .When("documentLink", documentUrl is not null)
            .Set("median", MedianText(report, culture))
            .When("hasMedian", report.Month is null)
            .When("isMonth", report.Month is not null)
            .SetList("counters", counters), culture);
    }

    /// <summary>The median time to a first answer in words, or why it is not given.</summary>
    public static string MedianText(FiguresReport report, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.MedianAnswerDays is { } median
            ? Texts.Format(culture, "figures.report.median", FiguresTexts.AnswerDaysName(median, culture))
            : Texts.Format(culture, "figures.report.medianNone", report.Threshold);
    }
}
