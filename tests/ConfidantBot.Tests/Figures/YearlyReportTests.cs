using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using ConfidantBot.Figures;
using ConfidantBot.Figures.YearlyReport;
using ConfidantBot.Presentation;
using ConfidantBot.Tests.LocalChannel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ConfidantBot.Tests.Figures;

/// <summary>The yearly overview document of a fixture year: its sections, numbers, footnotes, A4 print and how it is reached.</summary>
public sealed partial class YearlyReportTests : IAsyncLifetime
{
    private readonly FiguresWorld _world = new();
    private FiguresReport _year = null!;

    public async Task InitializeAsync()
    {
        // The scripted use of January–March 2026 (see UsageCountersTests) and May's category counts (31, as many as guides finished), reported once 2026 has ended.
        await UsageCountersTests.ScriptedUseAsync(_world);
        await CategoryUseAsync(_world);
        _world.At(2027, 1, 10);
        _year = await _world.Reports.BuildAsync(2026, null, default);
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public void The_dutch_report_has_every_section_with_its_paragraph_numbers_chart_and_footnotes()
    {
        var html = Html(Locales.Dutch);

        Assert.Contains("<title>Anonieme cijfers 2026</title>", html, StringComparison.Ordinal);
        Assert.Equal(["guide", "topics", "involved", "firstRoute", "routes", "bookings", "answers"], Sections(html));
        Assert.Contains("<h2>Wegwijzer</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<h2>Waar ging het over?</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<h2>Hoe snel antwoordde de vertrouwenspersoon?</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<h2>Meldroutes</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<h2>Gesprekken met een vertrouwenspersoon</h2>", html, StringComparison.Ordinal);

        // The numbers are the protected year's: 143 guide starts, and every total and part as the card shows it.
        Assert.Equal(143, Total(UsageCounter.GuideStarted).Count);
        Assert.Contains("Hij is 143 keer gestart en", html, StringComparison.Ordinal);
        foreach (var counter in _year.Counters)
        {
            Assert.Equal(HtmlText(counter.Total.Display(_year.Threshold, Locales.Dutch)), CountCell(html, counter.Counter, ""));
            foreach (var cell in counter.Breakdowns.SelectMany(b => b.Cells))
            {
                Assert.Equal(HtmlText(cell.Figure.Display(_year.Threshold, Locales.Dutch)), CountCell(html, counter.Counter, cell.Value));
            }
        }

        // The category sections: each group in words, small and hidden ones as such; the median as its day group.
        Assert.Contains("Van de 31 keer dat de wegwijzer helemaal werd doorlopen, ging het 16 keer over ongewenst gedrag, 8 keer over integriteit", html, StringComparison.Ordinal);
        Assert.Contains("en 5 of meer (verborgen) keer over een vraag of dilemma. Minder dan 5 keer wist iemand", html, StringComparison.Ordinal);
        Assert.Equal("&lt; 5", CountCell(html, UsageCounter.GuideTopic, "Unknown"));
        Assert.Equal("verborgen", CountCell(html, UsageCounter.GuideTopic, "QuestionOrDilemma"));
        Assert.Contains("12 keer om een collega of het team, 9 keer om een leidinggevende", html, StringComparison.Ordinal);
        Assert.Contains("stond als eerste route 20 keer een vertrouwelijk gesprek (geen melding)", html, StringComparison.Ordinal);
        Assert.Equal(AnswerDays.Two, _year.MedianAnswerDays);
        Assert.Contains("38 aanvragen kregen een eerste antwoord", html, StringComparison.Ordinal);
        Assert.Contains("Het middelste antwoord (de mediaan) kwam na 2 dagen", html, StringComparison.Ordinal);
        Assert.Equal("6", CountCell(html, UsageCounter.BookingNewTime, ""));

        var requested = YearlyReportDocument.Amount(Total(UsageCounter.BookingRequested), 5, Locales.Dutch);
        Assert.Contains(HtmlText($"Er zijn {requested} aanvragen voor een gesprek gedaan;"), html, StringComparison.Ordinal);
        Assert.Matches("<img class=\"chart\" src=\"data:image/png;base64,[A-Za-z0-9+/=]{1000,}\"", html);
        Assert.Contains(HtmlText(Texts.Format(Locales.Dutch, "figures.report.smallCounts", 5)), html, StringComparison.Ordinal);
        Assert.Equal(_year.HasHiddenFigures, html.Contains("data-note=\"hidden\"", StringComparison.Ordinal));
        Assert.Contains("Niet geteld:", html, StringComparison.Ordinal);
        Assert.Contains("cijfers-2026.csv", html, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nl-NL", "geen meldingen", new[] { "Ambtenarenwet 2017", "hoeveel meldingen", "hoe ze zijn afgehandeld", "uitkomst of maatregel", "jaarverslagen van de vertrouwenspersonen", "burgemeester" })]
    [InlineData("en-US", "not reports", new[] { "Ambtenarenwet 2017", "how many reports", "how they were handled", "outcome or measure", "confidants' own yearly reports", "mayor" })]
    public void The_report_says_it_counts_use_not_reports_and_what_HR_adds_for_the_legal_yearly_account(string locale, string notReports, string[] toAdd)
    {
        var culture = Locales.FromActivityLocale(locale);
        var html = Html(culture);
        var legal = Regex.Match(html, "<p data-note=\"legal\">([^<]*)</p>");

        Assert.True(legal.Success);
        Assert.All(toAdd, item => Assert.Contains(HtmlText(item), legal.Groups[1].Value, StringComparison.Ordinal));
        Assert.Contains(notReports, Texts.Get(culture, "figures.document.intro"), StringComparison.Ordinal);

        // Its title and opening line never call it the yearly report on reports.
        var heading = Regex.Match(html, "<h1>([^<]*)</h1>\n<p class=\"meta\">([^<]*)</p>").Value;
        Assert.DoesNotMatch("(?i)meldingen|verantwoording|jaarverslag|reports|account", heading);
    }

    [Fact]
    public async Task The_year_is_the_calendar_year_in_Dutch_time_as_the_report_says()
    {
        await using var world = new FiguresWorld();

        // 31 December 23:30 UTC is already 1 January 00:30 in the Netherlands: next year's.
        world.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 31, 23, 30, 0, TimeSpan.Zero));
        await world.Counters.RecordAsync(UsageEvent.GuideStarted());
        world.Clock.SetUtcNow(new DateTimeOffset(2028, 1, 10, 12, 0, 0, TimeSpan.Zero));

        Assert.Equal(0, (await world.Reports.BuildAsync(2026, null, default))[UsageCounter.GuideStarted].Total.Count ?? 0);
        Assert.True((await world.Reports.BuildAsync(2026, null, default)).NothingCounted);
        Assert.False((await world.Reports.BuildAsync(2027, null, default)).NothingCounted);
        Assert.Contains("Nederlandse tijd", Texts.Get(Locales.Dutch, "figures.document.meta"), StringComparison.Ordinal);
        Assert.Contains("Dutch time", Texts.Get(Locales.English, "figures.document.meta"), StringComparison.Ordinal);
    }

    [Fact]
    public void Small_and_hidden_totals_read_in_words_in_the_paragraphs()
    {
        var bookings = YearlyReportDocument.Sections.Single(s => s.Key == "bookings");
        var dutch = YearlyReportDocument.Paragraph(bookings, _year, Locales.Dutch);

        Assert.Equal("minder dan 5", YearlyReportDocument.Amount(Figure.Small, 5, Locales.Dutch));
        Assert.Equal("5 or more (hidden)", YearlyReportDocument.Amount(Figure.Hidden, 5, Locales.English));
        foreach (var counter in bookings.Counters)
        {
            Assert.Contains(YearlyReportDocument.Amount(Total(counter), 5, Locales.Dutch), dutch, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_counter_is_in_exactly_one_section()
    {
        Assert.Equal(
            Enum.GetValues<UsageCounter>().Order(),
            YearlyReportDocument.Sections.SelectMany(section => section.Counters).Order());
    }

    [Fact]
    public async Task A_link_opens_the_year_for_its_lifetime_only_and_a_guessed_one_never()
    {
        var links = new ReportLinks(_world.Storage, _world.Clock);

        var token = await links.CreateAsync(2026, "en-US", default);

        Assert.Matches("^[A-Za-z0-9_-]{43}$", token);
        Assert.Equal(new ReportLinkTarget(2026, "en-US"), await links.FindAsync(token, default));
        Assert.Null(await links.FindAsync(token[..^1] + (token[^1] == 'A' ? 'B' : 'A'), default));
        Assert.Null(await links.FindAsync("../../etc/passwd", default));
        _world.Clock.Advance(ReportLinks.Lifetime);
        Assert.Null(await links.FindAsync(token, default));
    }

    [Fact]
    public void The_whole_year_card_offers_the_printable_overview_as_a_link_button()
    {
        const string url = "https://confidantbot.gemeente.example/figures/report/abc";
        var card = ConfidantBot.Tests.Routes.CardChecks.Parse(FiguresCards.Report(_year, FiguresChart.RenderPng(FiguresChart.ModelFor(_year, Locales.Dutch)), Locales.Dutch, url));
        var withoutLink = ConfidantBot.Tests.Routes.CardChecks.Parse(FiguresCards.Report(_year, FiguresChart.RenderPng(FiguresChart.ModelFor(_year, Locales.Dutch)), Locales.Dutch));

        var open = Assert.Single(card["actions"]!.AsArray());
        Assert.Equal("Action.OpenUrl", (string?)open!["type"]);
        Assert.Equal(url, (string?)open["url"]);
        Assert.Equal(Texts.Get(Locales.Dutch, "figures.document.open"), (string?)open["title"]);
        ConfidantBot.Tests.Infrastructure.AdaptiveCardSchema.AssertValid(card);
        Assert.Empty(withoutLink["actions"]!.AsArray());
    }

    [Fact]
    [Trait("Category", "Browser")]
    public async Task The_report_prints_to_at_most_two_A4_pages_and_its_screenshot_is_kept()
    {
        await using var browser = await BrowserSession.StartAsync();
        var page = browser.Page;
        await page.SetViewportSizeAsync(794, 1123); // A4 at 96 dpi
        await page.SetContentAsync(Html(Locales.Dutch));

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Anonieme cijfers 2026" })).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => { const i = document.querySelector('img.chart'); return i.complete && i.naturalWidth === 600; }"));
        await browser.ScreenshotAsync("yearly-report-2026-nl");
        var pdf = await page.PdfAsync(new PagePdfOptions { Format = "A4", PrintBackground = true });
        var pages = PdfPages().Matches(System.Text.Encoding.Latin1.GetString(pdf)).Count;
        Assert.InRange(pages, 1, 2);
    }

    [Fact]
    public async Task A_report_made_on_New_Years_night_in_Dutch_time_is_dated_in_the_new_year_whatever_the_server_zone()
    {
        // 23:30 UTC on 31 December is 00:30 on 1 January in Amsterdam; the fake clock's own zone is UTC, like App Service.
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 31, 23, 30, 0, TimeSpan.Zero));
        await using var host = await LocalChannelHost.StartAsync(new LocalChannelHost.HostOptions { RealBot = true, Services = services => services.AddSingleton<TimeProvider>(clock) });
        await host.Services.GetRequiredService<ConfidantBot.BotFramework.Storage.IStorage>().WriteAsync(
            new ConfidantBot.BotFramework.Storage.StorageKey(CounterKey.Partition, "2026-06;guideStarted;audience=Employees"), "12"u8.ToArray(), ConfidantBot.BotFramework.Storage.ETags.Any);
        var token = await host.Services.GetRequiredService<ReportLinks>().CreateAsync(2026, "nl-NL", default);
        using var client = host.CreateClient();

        var body = await client.GetStringAsync(ReportLinks.PathFor(token));

        Assert.Contains("Jaaroverzicht 2026 van de vertrouwenspersonen-assistent, gemaakt op 1 januari 2027.", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_host_serves_a_live_link_as_the_printable_page_and_refuses_an_unknown_one()
    {
        await using var host = await LocalChannelHost.StartAsync(new LocalChannelHost.HostOptions { RealBot = true });
        var links = host.Services.GetRequiredService<ReportLinks>();
        var lastYear = DateTime.UtcNow.Year - 1;
        await host.Services.GetRequiredService<ConfidantBot.BotFramework.Storage.IStorage>().WriteAsync(
            new ConfidantBot.BotFramework.Storage.StorageKey(CounterKey.Partition, $"{lastYear}-06;guideStarted;audience=Employees"), "12"u8.ToArray(), ConfidantBot.BotFramework.Storage.ETags.Any);
        var token = await links.CreateAsync(lastYear, "nl-NL", default);
        using var client = host.CreateClient();

        using var page = await client.GetAsync(ReportLinks.PathFor(token));
        using var unknown = await client.GetAsync(ReportLinks.PathFor(new string('A', 43)));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("no-store", page.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", string.Join(";", page.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        var body = await page.Content.ReadAsStringAsync();
        Assert.Contains($"Anonieme cijfers {lastYear}", body, StringComparison.Ordinal);
        Assert.Contains("Hij is 12 keer gestart", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    [Trait("Category", "Browser")]
    public async Task The_english_report_through_the_host_has_no_dutch_in_it_the_dutch_one_no_english_and_its_screenshot_is_kept()
    {
        // The host's clock stands where the fixture's does, and its store holds the fixture year's counters.
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(_world.Clock.GetUtcNow());
        await using var host = await LocalChannelHost.StartAsync(new LocalChannelHost.HostOptions { RealBot = true, Services = services => services.AddSingleton<TimeProvider>(clock) });
        var storage = host.Services.GetRequiredService<ConfidantBot.BotFramework.Storage.IStorage>();
        await foreach (var row in _world.Storage.QueryAsync(CounterKey.Partition))
        {
            await storage.WriteAsync(row.Key, row.Data.ToArray(), ConfidantBot.BotFramework.Storage.ETags.Any);
        }

        var links = host.Services.GetRequiredService<ReportLinks>();
        await using var browser = await BrowserSession.StartAsync("en-US");
        var page = browser.Page;
        await page.SetViewportSizeAsync(794, 1123);

        await page.GotoAsync(host.BaseUrl + ReportLinks.PathFor(await links.CreateAsync(2026, "en-US", default)));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Anonymous figures 2026" })).ToBeVisibleAsync();
        var english = await page.InnerTextAsync("body");
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        Assert.Contains("It was started 143 times and followed to the end", english, StringComparison.Ordinal);
        await browser.ScreenshotAsync("yearly-report-2026-en");

        await page.GotoAsync(host.BaseUrl + ReportLinks.PathFor(await links.CreateAsync(2026, "nl-NL", default)));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Anonieme cijfers 2026" })).ToBeVisibleAsync();
        var dutch = await page.InnerTextAsync("body");
        Assert.Equal("nl", await page.GetAttributeAsync("html", "lang"));

        // Words only one language's figure texts use: none of the other language's may show.
        var dutchWords = Words(FigureTexts(Locales.Dutch));
        var englishWords = Words(FigureTexts(Locales.English));
        Assert.Empty(Words([english]).Intersect(dutchWords.Except(englishWords)));
        Assert.Empty(Words([dutch]).Intersect(englishWords.Except(dutchWords)));
        Assert.Empty(Words(FiguresChart.ModelFor(_year, Locales.English).Bars.Select(bar => bar.Label).Append(FiguresChart.ModelFor(_year, Locales.English).Title)).Intersect(dutchWords.Except(englishWords)));

        // The check itself catches a leak: the Dutch page is full of Dutch-only words.
        Assert.NotEmpty(Words([dutch]).Intersect(dutchWords.Except(englishWords)));
    }

    private static IEnumerable<string> FigureTexts(CultureInfo culture) =>
        Texts.For(culture).Where(text => text.Key.StartsWith("figures.", StringComparison.Ordinal)).Select(text => text.Value);

    private static HashSet<string> Words(IEnumerable<string> texts) =>
        [.. texts.SelectMany(text => WordPattern().Matches(text).Select(match => match.Value.ToLowerInvariant()))];

    private string Html(CultureInfo culture) =>
        YearlyReportDocument.Html(_year, FiguresChart.RenderPng(FiguresChart.ModelFor(_year, culture)), new DateOnly(2027, 1, 10), culture);

    private Figure Total(UsageCounter counter) => _year.Counters.Single(c => c.Counter == counter).Total;

    private static List<string> Sections(string html) => [.. SectionPattern().Matches(html).Select(m => m.Groups[1].Value)];

    /// <summary>The text of the table cell of a counter's total (value "") or of one of its breakdown values.</summary>
    private static string CountCell(string html, UsageCounter counter, string value)
    {
        var match = Regex.Match(html, $"<td class=\"count\" data-counter=\"{counter}\" data-value=\"{Regex.Escape(value)}\">([^<]*)</td>");
        Assert.True(match.Success, $"no table cell for {counter}/{value}");
        return match.Groups[1].Value;
    }

    /// <summary>May 2026: what the guide was about, who was involved, the first route's kind, new times and answer times.</summary>
    internal static async Task CategoryUseAsync(FiguresWorld world)
    {
        world.At(2026, 5, 12);
        var counts = new (UsageEvent Usage, int Times)[]
        {
            (UsageEvent.GuideTopic(TopicGroup.UndesirableBehaviour), 16), (UsageEvent.GuideTopic(TopicGroup.Integrity), 8),
            (UsageEvent.GuideTopic(TopicGroup.QuestionOrDilemma), 5), (UsageEvent.GuideTopic(TopicGroup.Unknown), 2),
            (UsageEvent.GuideInvolved(InvolvedGroup.Colleagues), 12), (UsageEvent.GuideInvolved(InvolvedGroup.Management), 9),
            (UsageEvent.GuideInvolved(InvolvedGroup.OfficeHolders), 2), (UsageEvent.GuideInvolved(InvolvedGroup.Outside), 5),
            (UsageEvent.GuideInvolved(InvolvedGroup.Unknown), 3),
            (UsageEvent.FirstRouteShown(RouteKindGroup.ConfidentialTalk), 20), (UsageEvent.FirstRouteShown(RouteKindGroup.Conversation), 4),
            (UsageEvent.FirstRouteShown(RouteKindGroup.Report), 7),
            (UsageEvent.BookingNewTime(ConfidantBot.Roster.ConfidantKind.External, ConfidantBot.Roster.Audience.Employees), 6),
            (UsageEvent.BookingAnswered(AnswerDays.LessThanOne), 8), (UsageEvent.BookingAnswered(AnswerDays.One), 9),
            (UsageEvent.BookingAnswered(AnswerDays.Two), 5), (UsageEvent.BookingAnswered(AnswerDays.ThreeToFive), 12),
            (UsageEvent.BookingAnswered(AnswerDays.SixToTen), 3), (UsageEvent.BookingAnswered(AnswerDays.MoreThanTen), 1),
        };
        foreach (var (usage, times) in counts)
        {
            for (var i = 0; i < times; i++)
            {
                await world.Counters.RecordAsync(usage);
            }
        }
    }

    private static string HtmlText(string text) => System.Text.Encodings.Web.HtmlEncoder.Default.Encode(text);

    [GeneratedRegex(@"\p{L}{3,}")]
    private static partial Regex WordPattern();

    [GeneratedRegex("<section data-section=\"([A-Za-z]+)\"")]
    private static partial Regex SectionPattern();

    [GeneratedRegex(@"/Type\s*/Page[^s]")]
    private static partial Regex PdfPages();
}
