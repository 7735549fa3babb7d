using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.Figures;
using ConfidantBot.Figures.YearlyReport;
using ConfidantBot.Presentation;
using ConfidantBot.Roster;
using RouteSeed = ConfidantBot.Routes.Catalogue.RouteSeed;
using ConfidantBot.Tests.LocalChannel;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace ConfidantBot.Tests.Figures;

/// <summary>
/// The yearly overview prints on at most two A4 pages for any year, not only the fixture year: the
/// worst case built from the code (every counter, every category, every catalogue route, every
/// audience and kind, twelve months, all footnotes, the longest wordings) and the empty year, in
/// both languages, printed to PDF by Chromium and counted.
/// </summary>
public sealed partial class YearlyReportPrintTests(ITestOutputHelper output)
{
    private const int Year = 2026;

    [Theory]
    [Trait("Category", "Browser")]
    [InlineData("nl-NL")]
    [InlineData("en-US")]
    public async Task The_worst_case_year_prints_on_at_most_two_A4_pages(string locale)
    {
        var culture = Locales.FromActivityLocale(locale);
        await using var world = new FiguresWorld();
        await FullYearAsync(world);
        world.At(Year + 1, 1, 10);
        var full = await world.Reports.BuildAsync(ReportPeriod.WholeYear(Year), default);
        var longest = LongestWording(full, culture);

        // Every row the code can produce is there: all categories, all catalogue routes, both booking breakdowns.
        Assert.All(full.Counters.SelectMany(c => c.AllFigures), figure => Assert.Equal(FigureState.Shown, figure.State));
        Assert.Equal(RouteSeed.Document.Routes.Select(r => r.Id).Order(StringComparer.Ordinal), full[UsageCounter.RouteShown].By(FigureDimension.Route).Cells.Select(c => c.Value));
        Assert.True(longest.HasHiddenFigures);

        await using var browser = await BrowserSession.StartAsync(locale);
        var fullPages = await PrintedPagesAsync(browser, Html(full, culture), $"yearly-report-worst-full-{culture.TwoLetterISOLanguageName}");
        var longestPages = await PrintedPagesAsync(browser, Html(longest, culture), $"yearly-report-worst-wording-{culture.TwoLetterISOLanguageName}");
        output.WriteLine($"{locale}: every category shown {fullPages} page(s); longest wordings and all footnotes {longestPages} page(s)");

        Assert.InRange(fullPages, 1, 2);
        Assert.InRange(longestPages, 1, 2);
    }

    [Theory]
    [Trait("Category", "Browser")]
    [InlineData("nl-NL")]
    [InlineData("en-US")]
    public async Task A_year_without_any_use_prints_one_honest_page_without_tables(string locale)
    {
        var culture = Locales.FromActivityLocale(locale);
        await using var world = new FiguresWorld();
        world.At(Year + 1, 1, 10);
        var empty = await world.Reports.BuildAsync(ReportPeriod.WholeYear(Year), default);
        var html = Html(empty, culture);

        Assert.True(empty.NothingCounted);
        Assert.DoesNotContain("<table", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Contains(Encode(Texts.Format(culture, "figures.document.empty", Year)), html, StringComparison.Ordinal);
        Assert.Contains(Encode(Texts.Get(culture, "figures.document.notTheLegalOverview")), html, StringComparison.Ordinal);

        await using var browser = await BrowserSession.StartAsync(locale);
        var pages = await PrintedPagesAsync(browser, html, $"yearly-report-empty-{culture.TwoLetterISOLanguageName}");
        output.WriteLine($"{locale}: empty year {pages} page(s)");
        Assert.Equal(1, pages);
    }

    [Fact]
    public async Task A_year_with_only_small_counts_is_not_called_empty()
    {
        await using var world = new FiguresWorld();
        world.At(Year, 3, 3);
        await world.Counters.RecordAsync(UsageEvent.GuideStarted());
        world.At(Year + 1, 1, 10);

        var report = await world.Reports.BuildAsync(ReportPeriod.WholeYear(Year), default);
        var html = Html(report, Locales.Dutch);

        Assert.False(report.NothingCounted);
        Assert.Contains("<table", html, StringComparison.Ordinal);
        Assert.DoesNotContain(Encode(Texts.Format(Locales.Dutch, "figures.document.empty", Year)), html, StringComparison.Ordinal);
    }

    /// <summary>
    /// Twelve months of use in which every value of every breakdown the code knows is well above the
    /// threshold: all audiences (and none), every category, every catalogue route, both kinds of
    /// confidant and every booking audience. Written as the counters store them.
    /// </summary>
    internal static async Task FullYearAsync(FiguresWorld world)
    {
        var routes = RouteSeed.Document.Routes.Select(route => route.Id).ToList();
        List<UsageEvent> events = [UsageEvent.GuideStarted()];
        events.AddRange(Enum.GetValues<Audience>().Select(a => UsageEvent.GuideFinished(a)).Append(UsageEvent.GuideFinished()));
        events.AddRange(Enum.GetValues<TopicGroup>().Select(UsageEvent.GuideTopic));
        events.AddRange(Enum.GetValues<InvolvedGroup>().Select(UsageEvent.GuideInvolved));
        events.AddRange(Enum.GetValues<RouteKindGroup>().Select(UsageEvent.FirstRouteShown));
        events.AddRange(Enum.GetValues<AnswerDays>().Select(UsageEvent.BookingAnswered));
        events.AddRange(routes.Select(route => UsageEvent.RouteShown(route, Audience.Employees)));
        events.AddRange(routes.Select(route => UsageEvent.RouteOpened(route)));
        foreach (var kind in Enum.GetValues<ConfidantKind>())
        {
            foreach (var audience in Enum.GetValues<Audience>())
            {
                events.AddRange(
                [
                    UsageEvent.BookingRequested(kind, audience), UsageEvent.BookingAccepted(kind, audience), UsageEvent.BookingDeclined(kind, audience),
                    UsageEvent.BookingNewTime(kind, audience), UsageEvent.BookingCancelled(kind, audience), UsageEvent.BookingHeld(kind, audience),
                ]);
            }
        }

        for (var month = 1; month <= 12; month++)
        {
            for (var i = 0; i < events.Count; i++)
            {
                // Four-digit monthly counts: five-digit yearly numbers in every cell.
                var count = 1000 + (((i * 37) + (month * 11)) % 900);
                await world.Storage.WriteAsync(CounterKey.For(events[i], Year, month).ToStorageKey(), System.Text.Encoding.ASCII.GetBytes(count.ToString(CultureInfo.InvariantCulture)), ETags.Any);
            }
        }
    }

    /// <summary>
    /// The same rows with the longest words the document can print: the highest threshold the options
    /// allow, every total and category "… or more (hidden)" (so the hidden footnote shows too), the
    /// route with the longest name shown most often, and the answer group with the longest name as median.
    /// </summary>
    private static FiguresReport LongestWording(FiguresReport full, CultureInfo culture)
    {
        var threshold = Convert.ToInt32(typeof(FiguresOptions).GetProperty(nameof(FiguresOptions.SmallCountThreshold))!.GetCustomAttribute<RangeAttribute>()!.Maximum, CultureInfo.InvariantCulture);
        var longestRoute = full[UsageCounter.RouteShown].By(FigureDimension.Route).Cells.MaxBy(cell => FiguresTexts.ValueName(cell.Value, culture).Length)!.Value;
        Figure Longest(Figure shown) => new[] { shown, Figure.Small, Figure.Hidden }.MaxBy(f => YearlyReportDocument.Amount(f, threshold, culture).Length);
        var counters = full.Counters.Select(counter => counter with
        {
            Total = Longest(Figure.Shown(9_999_999)),
            Breakdowns = [.. counter.Breakdowns.Select(breakdown => breakdown with
            {
                Cells = [.. breakdown.Cells.Select(cell => cell with
                {
                    Figure = breakdown.Dimension == FigureDimension.Route
                        ? Figure.Shown(cell.Value == longestRoute ? 9_999_999 : 999_999)
                        : Longest(Figure.Shown(9_999_999)),
                })],
            })],
        });
        var median = Enum.GetValues<AnswerDays>().MaxBy(days => FiguresTexts.AnswerDaysName(days, culture).Length);
        return full with { Threshold = threshold, Counters = [.. counters], MedianAnswerDays = median };
    }

    private static string Html(FiguresReport report, CultureInfo culture) =>
        YearlyReportDocument.Html(report, FiguresChart.RenderPng(FiguresChart.ModelFor(report, culture)), new DateOnly(Year + 1, 9, 30), culture);

    /// <summary>Prints the page to A4 as Chromium does for "Save as PDF" and counts the PDF's pages (two independent ways).</summary>
    internal static async Task<int> PrintedPagesAsync(BrowserSession browser, string html, string name)
    {
        var page = browser.Page;
        await page.SetContentAsync(html);
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        var pdf = await page.PdfAsync(new PagePdfOptions { Format = "A4", PrintBackground = true, PreferCSSPageSize = true });
        var folder = Path.GetDirectoryName(await browser.ScreenshotAsync(name))!;
        await File.WriteAllBytesAsync(Path.Combine(folder, name + ".pdf"), pdf);
        await File.WriteAllTextAsync(Path.Combine(folder, name + ".html"), html);

        var text = System.Text.Encoding.Latin1.GetString(pdf);
        var pageObjects = PageObject().Matches(text).Count;
        var declared = PageTreeCount().Matches(text).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).DefaultIfEmpty(-1).Max();
        Assert.Equal(declared, pageObjects);
        return pageObjects;
    }

    private static string Encode(string text) => System.Text.Encodings.Web.HtmlEncoder.Default.Encode(text);

    [GeneratedRegex(@"/Type\s*/Page[^s]")]
    private static partial Regex PageObject();

    [GeneratedRegex(@"/Count\s+(\d+)")]
    private static partial Regex PageTreeCount();
}
