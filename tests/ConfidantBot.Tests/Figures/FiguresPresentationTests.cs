using ConfidantBot.Tests.Infrastructure;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ConfidantBot.Figures;
using ConfidantBot.Presentation;
using SkiaSharp;

namespace ConfidantBot.Tests.Figures;

public sealed class FiguresPresentationTests : IAsyncLifetime
{
    private readonly FiguresWorld _world = new();
    private FiguresReport _january = null!;

    public async Task InitializeAsync()
    {
        await UsageCountersTests.ScriptedUseAsync(_world);
        _january = await _world.Reports.BuildAsync(2026, 1, default);
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    public static TheoryData<string> Languages => new() { "nl-NL", "en-US" };

    [Theory]
    [MemberData(nameof(Languages))]
    public void The_chart_has_one_bar_per_counter_with_the_report_total_and_hidden_ones_flat_and_labelled(string language)
    {
        var culture = CultureInfo.GetCultureInfo(language);
        var model = FiguresChart.ModelFor(_january, culture);

        Assert.Equal(FiguresTexts.PeriodTitle(_january, culture), model.Title);
        Assert.Equal(_january.Counters.Count, model.Bars.Count);
        foreach (var (bar, counter) in model.Bars.Zip(_january.Counters))
        {
            Assert.Equal(FiguresTexts.CounterName(counter.Counter, culture), bar.Label);
            Assert.Equal(counter.Total.Count ?? 0, bar.Height);
            Assert.Equal(counter.Total.Suppressed ? "< 5" : counter.Total.Count!.Value.ToString("N0", culture), bar.ValueLabel);
        }

        var guide = model.Bars.Single(bar => bar.Label == FiguresTexts.CounterName(UsageCounter.GuideStarted, culture));
        Assert.Equal(50, guide.Height);
        var declined = model.Bars.Single(bar => bar.Label == FiguresTexts.CounterName(UsageCounter.BookingDeclined, culture));
        Assert.Equal((0, "< 5"), (declined.Height, declined.ValueLabel));
    }

    [Fact]
    public void The_chart_is_a_small_valid_png_of_600_by_300_with_bars_drawn()
    {
        var png = FiguresChart.RenderPng(FiguresChart.ModelFor(_january, Locales.Dutch));

        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Equal(13, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(8, 4)));
        Assert.Equal("IHDR", Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal(FiguresChart.Width, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        Assert.Equal(FiguresChart.Height, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
        Assert.InRange(png.Length, 1_000, 60_000);

        using var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        var barColour = new SKColor(0x2B, 0x57, 0x9A);
        var barPixels = 0;
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                barPixels += bitmap.GetPixel(x, y) == barColour ? 1 : 0;
            }
        }

        Assert.True(barPixels > 500, "No bars were drawn.");
    }

    [Fact]
    public void The_csv_lists_every_total_and_breakdown_with_small_figures_as_less_than_five_and_protecting_ones_as_hidden()
    {
        var lines = FiguresCsv.Build(_january, Locales.Dutch).Split("\r\n");

        Assert.Equal("Periode,Onderdeel,Uitsplitsing,Waarde,Aantal", lines[0]);
        Assert.Equal(
            [
                "2026-01,Wegwijzer gestart,Totaal,,50",
                // A start has no audience (the guide asks it later): the total only.
                "2026-01,Wegwijzer afgerond,Totaal,,50",
                "2026-01,Wegwijzer afgerond,doelgroep,Medewerkers,40",
                "2026-01,Wegwijzer afgerond,doelgroep,Raadsleden,< 5",
                "2026-01,Wegwijzer afgerond,doelgroep,Burgemeester en wethouders,< 5",
                // 7 finished guides of another role: not small, hidden so that Council (3) and College (0) cannot be worked out.
                "2026-01,Wegwijzer afgerond,doelgroep,Andere rol of zegt het liever niet,verborgen",
            ],
            lines[1..7]);
        Assert.Contains("2026-01,Route getoond,route,Melding bij de burgemeester,20", lines);
        Assert.Contains("2026-01,Route getoond,route,Griffier (de ambtenaar van de gemeenteraad),< 5", lines);
        Assert.Contains("2026-01,Afspraak aangevraagd,Totaal,,14", lines);
        Assert.Contains("2026-01,Afspraak aangevraagd,soort vertrouwenspersoon,Intern,< 5", lines);
        // 12 external requests, hidden only because the 2 internal ones would be 14 − 12.
        Assert.Contains("2026-01,Afspraak aangevraagd,soort vertrouwenspersoon,Extern,verborgen", lines);
        Assert.Contains("2026-01,Afspraak afgewezen,Totaal,,< 5", lines);
        Assert.Equal(string.Empty, lines[^1]);
        var rows = 1 + _january.Counters.Sum(c => 1 + c.Breakdowns.Sum(b => b.Cells.Count));
        Assert.Equal(rows, lines.Length - 1);
        // Five fields per row; a value with a comma in it is quoted.
        Assert.All(lines[..^1], line => Assert.Equal(4, System.Text.RegularExpressions.Regex.Count(line, ",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")));
    }

    [Fact]
    public void The_english_csv_marks_a_secondarily_hidden_figure_as_hidden()
    {
        var lines = FiguresCsv.Build(_january, Locales.English).Split("\r\n");

        Assert.Contains("2026-01,Guide finished,audience,Council members,< 5", lines);
        Assert.Contains("2026-01,Guide finished,audience,Another role or rather not say,hidden", lines);
        Assert.Contains("2026-01,Appointment requested,kind of confidant,External,hidden", lines);
        Assert.DoesNotContain(lines, line => line.EndsWith(",verborgen", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void The_card_shows_small_and_hidden_figures_with_their_own_marker_and_explains_hidden(string language)
    {
        var culture = CultureInfo.GetCultureInfo(language);
        var card = ConfidantBot.Tests.Routes.CardChecks.Parse(FiguresCards.Report(_january, FiguresChart.RenderPng(FiguresChart.ModelFor(_january, culture)), culture));
        var guideFacts = ConfidantBot.Tests.Routes.CardChecks.Descendants(card).OfType<System.Text.Json.Nodes.JsonObject>()
            .First(node => (string?)node["type"] == "FactSet");
        var facts = guideFacts["facts"]!.AsArray().ToDictionary(fact => (string)fact!["title"]!, fact => (string)fact!["value"]!);
        var hidden = Texts.Get(culture, "figures.hidden");

        // January's finished guides (a start has no audience): Council 3 and College 0 are small; another role (7) is hidden to protect them.
        Assert.Equal("< 5", facts[Texts.Get(culture, "figures.value.Council")]);
        Assert.Equal("< 5", facts[Texts.Get(culture, "figures.value.College")]);
        Assert.Equal(hidden, facts[Texts.Get(culture, "figures.value.unspecified")]);
        Assert.True(_january.HasHiddenFigures);
        var texts = ConfidantBot.Tests.Routes.CardChecks.Texts(card);
        Assert.Contains(Texts.Format(culture, "figures.report.hiddenNote", 5), texts);
        Assert.Contains(hidden, Texts.Format(culture, "figures.report.hiddenNote", 5), StringComparison.Ordinal);
    }

    [Fact]
    public void The_csv_travels_as_a_data_uri_file_attachment()
    {
        var attachment = FiguresCsv.Attachment(_january, Locales.English);

        Assert.Equal("text/csv", attachment.ContentType);
        Assert.Equal("figures-2026-01.csv", attachment.Name);
        const string prefix = "data:text/csv;base64,";
        Assert.StartsWith(prefix, attachment.ContentUrl, StringComparison.Ordinal);
        var bytes = Convert.FromBase64String(attachment.ContentUrl![prefix.Length..]);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        Assert.Equal(FiguresCsv.Build(_january, Locales.English), Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
        Assert.StartsWith("Period,Item,Breakdown,Value,Count\r\n2026-01,Guide started,Total,,50\r\n", Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Report_and_choice_cards_are_valid_adaptive_cards_1_5(string language)
    {
        var culture = CultureInfo.GetCultureInfo(language);
        var png = FiguresChart.RenderPng(FiguresChart.ModelFor(_january, culture));
        var report = FiguresCards.Report(_january, png, culture);
        AdaptiveCardSchema.AssertValid(report.Content!.Value);

        var image = report.Content!.Value.GetProperty("body").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "Image");
        Assert.Equal("data:image/png;base64," + Convert.ToBase64String(png), image.GetProperty("url").GetString());
        var card = report.Content!.Value.GetRawText();
        Assert.Contains(JsonEncodedText.Encode(FiguresTexts.PeriodTitle(_january, culture)).ToString(), card, StringComparison.Ordinal);
        Assert.Contains(JsonEncodedText.Encode(Texts.Get(culture, "figures.counter.bookingHeld")).ToString(), card, StringComparison.Ordinal);

        AdaptiveCardSchema.AssertValid(FiguresCards.Choose("?", [("2026", "2026"), ("2025", "2025")], yearNotEnded: false, culture).Content!.Value);
        AdaptiveCardSchema.AssertValid(FiguresCards.Choose("?", [("1", "januari 2026")], yearNotEnded: true, culture).Content!.Value);
    }
}
