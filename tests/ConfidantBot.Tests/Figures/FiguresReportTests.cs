using ConfidantBot.Figures;
using ConfidantBot.Roster;

namespace ConfidantBot.Tests.Figures;

public sealed class FiguresReportTests : IAsyncLifetime
{
    private const int Threshold = 5;
    private readonly FiguresWorld _world = new(Threshold);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _world.DisposeAsync();

    /// <summary>
    /// The label of the guide's "unspecified" audience says who is in it: every role the guide asks
    /// that is not employee, council member or college member, and "rather not say".
    /// </summary>
    [Fact]
    public void Another_role_is_every_role_but_employee_council_and_college_and_its_label_says_so()
    {
        var other = Enum.GetValues<ConfidantBot.Routes.Guide.Role>().Where(role => ConfidantBot.Routes.Guide.GuideFigures.AudienceOf(role) is null).ToList();

        Assert.Equal(
            [ConfidantBot.Routes.Guide.Role.TempWorker, ConfidantBot.Routes.Guide.Role.Intern, ConfidantBot.Routes.Guide.Role.ContractorVolunteerOrApplicant, ConfidantBot.Routes.Guide.Role.FormerEmployee, ConfidantBot.Routes.Guide.Role.RatherNotSay],
            other);
        Assert.Null(ConfidantBot.Routes.Guide.GuideFigures.AudienceOf(null));
        Assert.Equal("Andere rol of zegt het liever niet", FiguresTexts.ValueName(FiguresReportBuilder.Unspecified, Presentation.Locales.Dutch));
        Assert.Equal("Another role or rather not say", FiguresTexts.ValueName(FiguresReportBuilder.Unspecified, Presentation.Locales.English));
        Assert.Empty(FiguresReportBuilder.DimensionsOf(UsageCounter.GuideStarted));
    }

    [Fact]
    public async Task A_month_report_shows_large_counts_exactly_and_hides_small_ones_and_enough_others()
    {
        await UsageCountersTests.ScriptedUseAsync(_world);

        var january = await _world.Reports.BuildAsync(2026, 1, default);

        Assert.Empty(Counter(january, UsageCounter.GuideStarted).Breakdowns);
        var guide = Counter(january, UsageCounter.GuideFinished);
        Assert.Equal(50, guide.Total.Count);
        Assert.Equal([FigureDimension.Audience], guide.Breakdowns.Select(b => b.Dimension));
        Assert.Equal(40, Cell(guide, "Employees").Count);
        // Council 3 and College 0 are small; hidden together they add up to 3, which could be
        // read off as 50 − 40 − 7: so "another role" (7) is hidden as well.
        Assert.Equal(FigureState.Small, Cell(guide, "Council").State);
        Assert.Equal(FigureState.Small, Cell(guide, "College").State);
        Assert.Equal(FigureState.Hidden, Cell(guide, FiguresReportBuilder.Unspecified).State);
        Assert.Equal("< 5", Cell(guide, "Council").Display(Threshold, Presentation.Locales.Dutch));
        Assert.Equal("verborgen", Cell(guide, FiguresReportBuilder.Unspecified).Display(Threshold, Presentation.Locales.Dutch));
        Assert.Equal("hidden", Cell(guide, FiguresReportBuilder.Unspecified).Display(Threshold, Presentation.Locales.English));
        Assert.Null(Cell(guide, FiguresReportBuilder.Unspecified).Count);

        var routes = Counter(january, UsageCounter.RouteShown);
        Assert.Equal(30, routes.Total.Count);
        Assert.Equal(["externalConfidant", "griffier", "mayor", "whistleblowerExternal"], routes.By(FigureDimension.Route).Cells.Select(c => c.Value));
        Assert.Equal(20, Cell(routes, "mayor").Count);
        Assert.True(Cell(routes, "griffier").Suppressed);
        Assert.True(Cell(routes, "whistleblowerExternal").Suppressed);
        Assert.True(Cell(routes, "externalConfidant").Suppressed);

        // 2 internal and 12 external requests: hiding only the 2 would leave 14 − 12. Total only.
        var requested = Counter(january, UsageCounter.BookingRequested);
        Assert.Equal(14, requested.Total.Count);
        Assert.Equal([FigureDimension.ConfidantKind, FigureDimension.BookingAudience], requested.Breakdowns.Select(b => b.Dimension));
        Assert.All(requested.By(FigureDimension.ConfidantKind).Cells, c => Assert.True(c.Figure.Suppressed));

        Assert.True(Counter(january, UsageCounter.BookingDeclined).Total.Suppressed);
        Assert.Equal("< 5", Counter(january, UsageCounter.BookingDeclined).Total.Display(Threshold, Presentation.Locales.Dutch));

        var march = await _world.Reports.BuildAsync(2026, 3, default);
        var marchRequested = Counter(march, UsageCounter.BookingRequested);
        Assert.Equal(39, marchRequested.Total.Count);
        Assert.Equal(9, Cell(marchRequested, "Internal").Count);
        Assert.Equal(30, Cell(marchRequested, "External").Count);
        Assert.Equal(33, Counter(march, UsageCounter.BookingAccepted).Total.Count);
    }

    [Fact]
    public async Task Only_ended_periods_are_reported()
    {
        await UsageCountersTests.ScriptedUseAsync(_world);

        Assert.Equal([2026], await _world.Reports.YearsAsync(default));
        Assert.Equal([1, 2, 3], _world.Reports.EndedMonths(2026));
        Assert.False(_world.Reports.YearHasEnded(2026));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _world.Reports.BuildAsync(2026, 4, default));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _world.Reports.BuildAsync(2026, null, default));
    }

    [Fact]
    public async Task Every_report_of_a_year_keeps_every_small_group_hidden_even_by_subtraction()
    {
        var truth = await RandomYearAsync(seed: 20260101);
        _world.At(2027, 1, 10);

        var year = await _world.Reports.BuildAsync(2026, null, default);
        var months = new Dictionary<int, FiguresReport>();
        for (var month = 1; month <= 12; month++)
        {
            months[month] = await _world.Reports.BuildAsync(2026, month, default);
        }

        AssertProtected(year, truth, 0);
        AssertProtected(await _world.Reports.BuildAsync(ReportPeriod.Half(2026, 1), default), truth, Truth.FirstHalf);
        AssertProtected(await _world.Reports.BuildAsync(ReportPeriod.Half(2026, 2), default), truth, Truth.SecondHalf);
        foreach (var (month, report) in months)
        {
            AssertProtected(report, truth, month);
        }

        // The year minus the shown months must not give away a hidden month either.
        foreach (var counter in year.Counters.Where(c => FiguresReportBuilder.IsMonthly(c.Counter)))
        {
            foreach (var value in counter.Breakdowns.SelectMany(b => b.Cells).Select(c => (string?)c.Value).Prepend(null))
            {
                if (Figure(counter, value).Suppressed)
                {
                    continue;
                }

                var hiddenMonths = months.Where(m => Figure(Counter(m.Value, counter.Counter), value).Suppressed).Select(m => m.Key).ToList();
                if (hiddenMonths.Count > 0)
                {
                    Assert.True(hiddenMonths.Count >= 2, $"{counter.Counter}/{value}: one hidden month could be worked out from the year.");
                    Assert.True(hiddenMonths.Sum(m => truth[m, counter.Counter, value]) >= Threshold, $"{counter.Counter}/{value}: the hidden months add up to a small group.");
                }
            }
        }
    }

    [Fact]
    public async Task A_small_month_cannot_be_worked_out_as_the_year_minus_the_other_months()
    {
        var truth = new Truth();
        for (var month = 1; month <= 11; month++)
        {
            await truth.RecordAsync(_world, 2026, month, UsageEvent.BookingRequested(ConfidantKind.Internal, Audience.Employees), 6);
            await truth.RecordAsync(_world, 2026, month, UsageEvent.BookingRequested(ConfidantKind.External, Audience.Employees), 9);
        }

        await truth.RecordAsync(_world, 2026, 12, UsageEvent.BookingRequested(ConfidantKind.Internal, Audience.Employees), 2);
        await truth.RecordAsync(_world, 2026, 12, UsageEvent.BookingRequested(ConfidantKind.External, Audience.Employees), 20);
        _world.At(2027, 2, 1);

        var year = Counter(await _world.Reports.BuildAsync(2026, null, default), UsageCounter.BookingRequested);
        var internalByMonth = new List<Figure>();
        for (var month = 1; month <= 12; month++)
        {
            internalByMonth.Add(Cell(Counter(await _world.Reports.BuildAsync(2026, month, default), UsageCounter.BookingRequested), "Internal"));
        }

        Assert.True(internalByMonth[11].Suppressed);
        Assert.Equal(68, truth[0, UsageCounter.BookingRequested, "Internal"]);
        if (Cell(year, "Internal").Count is { } shownYear)
        {
            var shownMonths = internalByMonth.Where(f => !f.Suppressed).Sum(f => f.Count!.Value);
            Assert.True(shownYear - shownMonths >= Threshold);
            Assert.True(internalByMonth.Count(f => f.Suppressed) >= 2);
        }
    }

    [Fact]
    public void The_rule_hides_the_smallest_other_parts_until_the_hidden_ones_are_not_small_together()
    {
        var values = new Dictionary<string, long> { ["total"] = 30, ["a"] = 20, ["b"] = 8, ["c"] = 2 };
        var hidden = SmallCountProtection.Suppress(values, [new LinkedTable<string>("total", ["a", "b", "c"])], Threshold);
        Assert.Equal(["b", "c"], hidden.Order());

        var onlyBig = new Dictionary<string, long> { ["total"] = 12, ["a"] = 12, ["b"] = 0 };
        Assert.Equal(["a", "b"], SmallCountProtection.Suppress(onlyBig, [new LinkedTable<string>("total", ["a", "b"])], Threshold).Order());

        var nothingSmall = new Dictionary<string, long> { ["total"] = 12, ["a"] = 7, ["b"] = 5 };
        Assert.Empty(SmallCountProtection.Suppress(nothingSmall, [new LinkedTable<string>("total", ["a", "b"])], Threshold));
    }

    [Fact]
    public void Two_small_parts_that_would_both_be_exactly_four_are_hidden_with_their_total()
    {
        // Shown: total 8, parts "< 5" and "< 5": each must be 8 − (at most 4) = 4. The total goes too.
        var values = new Dictionary<string, long> { ["total"] = 8, ["a"] = 4, ["b"] = 4 };

        var hidden = SmallCountProtection.Suppress(values, [new LinkedTable<string>("total", ["a", "b"])], Threshold);

        Assert.Equal(["a", "b", "total"], hidden.Order());
    }

    [Fact]
    public void A_hidden_part_that_the_small_marker_beside_it_would_pin_down_is_protected_by_one_more()
    {
        // Total 13 = 9 + 4 + 0 without more: 4 and 0 are small, and "hidden" 9 is ≥ 5, so b = 13 − 9 − c…
        // With the bounds: a ∈ [5, ∞), b, c ∈ [0, 4]; total 13 shown. No figure may come out exact.
        var values = new Dictionary<string, long> { ["total"] = 13, ["a"] = 9, ["b"] = 4, ["c"] = 0 };

        var hidden = SmallCountProtection.Suppress(values, [new LinkedTable<string>("total", ["a", "b", "c"])], Threshold);

        Assert.Contains("b", hidden);
        Assert.Contains("c", hidden);
        Assert.True(ReaderBounds(values, hidden, "total", ["a", "b", "c"]).All(bound => bound.Low < bound.High));
    }

    [Fact]
    public async Task No_hidden_figure_of_any_report_can_be_worked_out_exactly_from_its_markers_and_total()
    {
        await RandomYearAsync(seed: 777);
        _world.At(2027, 1, 10);

        var reports = new List<FiguresReport>
        {
            await _world.Reports.BuildAsync(2026, null, default),
            await _world.Reports.BuildAsync(ReportPeriod.Half(2026, 1), default),
            await _world.Reports.BuildAsync(ReportPeriod.Half(2026, 2), default),
        };
        for (var month = 1; month <= 12; month++)
        {
            reports.Add(await _world.Reports.BuildAsync(2026, month, default));
        }

        var hiddenSeen = 0;
        foreach (var report in reports)
        {
            foreach (var (counter, breakdown) in report.Counters.SelectMany(c => c.Breakdowns.Where(b => b.Cells.Count > 0).Select(b => (c, b))))
            {
                var (total, parts) = (Known(counter.Total), breakdown.Cells.Select(c => Known(c.Figure)).ToList());
                for (var i = 0; i < parts.Count; i++)
                {
                    if (!breakdown.Cells[i].Figure.Suppressed)
                    {
                        continue;
                    }

                    hiddenSeen++;
                    var others = parts.Where((_, j) => j != i).ToList();
                    var low = Math.Max(parts[i].Low, total.High == long.MaxValue || others.Any(o => o.High == long.MaxValue) ? parts[i].Low : total.Low - others.Sum(o => o.High));
                    var high = Math.Min(parts[i].High, total.High == long.MaxValue ? long.MaxValue : total.High - others.Sum(o => o.Low));
                    Assert.True(low < high, $"{report.Year}-{report.Month} {counter.Counter}/{breakdown.Cells[i].Value} can be worked out as {low}.");
                }
            }
        }

        Assert.True(hiddenSeen > 10, "The random year hid too little to test anything.");
    }

    [Fact]
    public async Task The_median_is_the_day_group_of_the_middle_first_answer_and_is_not_named_for_fewer_than_the_threshold()
    {
        var truth = new Truth();
        // First half: 23 answers (6 within a day, 8 after a day, 9 after 3–5 days): the 12th is in "1 day".
        await truth.RecordAsync(_world, 2026, 2, UsageEvent.BookingAnswered(AnswerDays.LessThanOne), 6);
        await truth.RecordAsync(_world, 2026, 3, UsageEvent.BookingAnswered(AnswerDays.One), 8);
        await truth.RecordAsync(_world, 2026, 5, UsageEvent.BookingAnswered(AnswerDays.ThreeToFive), 9);
        // Second half: 18 answers (5 after a day, 7 after 3–5 days, 6 after more than 10): the 9th is in "3 to 5 days".
        await truth.RecordAsync(_world, 2026, 8, UsageEvent.BookingAnswered(AnswerDays.One), 5);
        await truth.RecordAsync(_world, 2026, 9, UsageEvent.BookingAnswered(AnswerDays.ThreeToFive), 7);
        await truth.RecordAsync(_world, 2026, 10, UsageEvent.BookingAnswered(AnswerDays.MoreThanTen), 6);
        _world.At(2027, 1, 10);

        var first = await _world.Reports.BuildAsync(ReportPeriod.Half(2026, 1), default);
        var second = await _world.Reports.BuildAsync(ReportPeriod.Half(2026, 2), default);
        var year = await _world.Reports.BuildAsync(ReportPeriod.WholeYear(2026), default);

        Assert.Equal(AnswerDays.One, first.MedianAnswerDays);
        Assert.Equal(AnswerDays.ThreeToFive, second.MedianAnswerDays);
        // The year: 41 answers, the 21st (6 + 13 = 19 within two days) is in "3 to 5 days".
        Assert.Equal(AnswerDays.ThreeToFive, year.MedianAnswerDays);
        Assert.Equal(41, year[UsageCounter.BookingAnswered].Total.Count);

        // 2027: 4 answers, fewer than 5: no median is named, even though all are in one group.
        await truth.RecordAsync(_world, 2027, 2, UsageEvent.BookingAnswered(AnswerDays.One), 4);
        _world.At(2028, 1, 10);
        Assert.Null((await _world.Reports.BuildAsync(ReportPeriod.WholeYear(2027), default)).MedianAnswerDays);
    }

    [Fact]
    public async Task Category_counts_are_reported_per_half_year_and_year_never_per_month_and_halves_only_once_ended()
    {
        var truth = new Truth();
        await truth.RecordAsync(_world, 2026, 3, UsageEvent.GuideTopic(TopicGroup.UndesirableBehaviour), 12);
        await truth.RecordAsync(_world, 2026, 4, UsageEvent.GuideTopic(TopicGroup.Integrity), 7);
        await truth.RecordAsync(_world, 2026, 5, UsageEvent.BookingRequested(ConfidantKind.External, Audience.Council), 6);
        await truth.RecordAsync(_world, 2026, 5, UsageEvent.BookingRequested(ConfidantKind.External, Audience.College), 3);
        await truth.RecordAsync(_world, 2026, 6, UsageEvent.BookingRequested(ConfidantKind.Internal, Audience.Employees), 20);
        _world.At(2026, 6, 20);
        Assert.Empty(_world.Reports.EndedHalves(2026));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _world.Reports.BuildAsync(ReportPeriod.Half(2026, 1), default));
        _world.At(2026, 7, 1);
        Assert.Equal([1], _world.Reports.EndedHalves(2026));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _world.Reports.BuildAsync(ReportPeriod.Half(2026, 2), default));

        var march = await _world.Reports.BuildAsync(2026, 3, default);
        var half = await _world.Reports.BuildAsync(ReportPeriod.Half(2026, 1), default);

        Assert.DoesNotContain(march.Counters, c => c.Counter is UsageCounter.GuideTopic or UsageCounter.GuideInvolved or UsageCounter.FirstRouteShown or UsageCounter.BookingAnswered);
        var topics = half[UsageCounter.GuideTopic];
        Assert.Equal(19, topics.Total.Count);
        Assert.Equal(12, Cell(topics, "UndesirableBehaviour").Count);
        // No question and no "not sure" (0 and 0, small): integrity (7) is hidden too, so the small ones are not 19 − 12 − 7.
        Assert.Equal(FigureState.Hidden, Cell(topics, "Integrity").State);
        Assert.Equal(["UndesirableBehaviour", "Integrity", "QuestionOrDilemma", "Unknown"], topics.By(FigureDimension.Topic).Cells.Select(c => c.Value));

        // Bookings: by kind and, separately, by audience with council and college together (6 + 3 = 9).
        var requested = half[UsageCounter.BookingRequested];
        Assert.Equal(29, requested.Total.Count);
        Assert.Equal(["Employees", FiguresReportBuilder.CouncilAndCollege], requested.By(FigureDimension.BookingAudience).Cells.Select(c => c.Value));
        Assert.Equal(9, Cell(requested, FiguresReportBuilder.CouncilAndCollege).Count);
        Assert.Equal(20, Cell(requested, "Employees").Count);
        Assert.Equal(20, Cell(requested, "Internal").Count);
        Assert.Equal(9, Cell(requested, "External").Count);
        Assert.Equal("cijfers-2026-h1.csv", half.FileName(Presentation.Locales.Dutch));
        Assert.Equal("figures-2026-h1.csv", half.FileName(Presentation.Locales.English));
    }

    private static (long Low, long High) Known(Figure figure) => figure.State switch
    {
        FigureState.Shown => (figure.Count!.Value, figure.Count!.Value),
        FigureState.Small => (0, Threshold - 1),
        _ => (Threshold, long.MaxValue),
    };

    private static IEnumerable<(long Low, long High)> ReaderBounds(Dictionary<string, long> values, IReadOnlySet<string> hidden, string total, string[] parts)
    {
        (long Low, long High) Of(string cell) => !hidden.Contains(cell) ? (values[cell], values[cell]) : values[cell] < Threshold ? (0, Threshold - 1) : (Threshold, long.MaxValue);
        var t = Of(total);
        foreach (var part in parts.Where(hidden.Contains))
        {
            var others = parts.Where(p => p != part).Select(Of).ToList();
            var low = Math.Max(Of(part).Low, t.High == long.MaxValue || others.Any(o => o.High == long.MaxValue) ? Of(part).Low : t.Low - others.Sum(o => o.High));
            var high = Math.Min(Of(part).High, t.High == long.MaxValue ? long.MaxValue : t.High - others.Sum(o => o.Low));
            yield return (low, high);
        }
    }

    private static void AssertProtected(FiguresReport report, Truth truth, int period)
    {
        foreach (var counter in report.Counters)
        {
            AssertFigure(counter.Total, truth[period, counter.Counter], $"{period}/{counter.Counter}");
            foreach (var breakdown in counter.Breakdowns)
            {
                foreach (var cell in breakdown.Cells)
                {
                    AssertFigure(cell.Figure, truth[period, counter.Counter, cell.Value], $"{period}/{counter.Counter}/{cell.Value}");
                }

                var hidden = breakdown.Cells.Where(c => c.Figure.Suppressed).ToList();
                if (hidden.Count > 0 && !counter.Total.Suppressed)
                {
                    Assert.True(hidden.Count >= 2, $"{period}/{counter.Counter}: a single hidden part equals the total minus the rest.");
                    Assert.True(hidden.Sum(c => truth[period, counter.Counter, c.Value]) >= Threshold, $"{period}/{counter.Counter}: the hidden parts add up to a small group.");
                }

                if (counter.Total.Suppressed && breakdown.Cells.Count > 0)
                {
                    Assert.NotEmpty(hidden);
                }
            }
        }
    }

    private static void AssertFigure(Figure figure, long truth, string where)
    {
        if (truth < Threshold)
        {
            Assert.True(figure.Suppressed, $"{where}: {truth} is below the threshold but shown.");
        }

        if (!figure.Suppressed)
        {
            Assert.Equal(truth, figure.Count);
        }
    }

    private async Task<Truth> RandomYearAsync(int seed)
    {
        var random = new Random(seed);
        var truth = new Truth();
        UsageEvent[] events =
        [
            UsageEvent.GuideStarted(Audience.Employees), UsageEvent.GuideStarted(Audience.Council), UsageEvent.GuideStarted(),
            UsageEvent.GuideFinished(Audience.Employees), UsageEvent.GuideFinished(Audience.College),
            UsageEvent.RouteShown("mayor"), UsageEvent.RouteShown("externalConfidant"), UsageEvent.RouteShown("griffier"),
            UsageEvent.RouteOpened("mayor"), UsageEvent.RouteOpened("whistleblowerAdvice"),
            UsageEvent.BookingRequested(ConfidantKind.Internal, Audience.Employees), UsageEvent.BookingRequested(ConfidantKind.External, Audience.Employees),
            UsageEvent.BookingRequested(ConfidantKind.External, Audience.Council), UsageEvent.BookingAccepted(ConfidantKind.External, Audience.Employees),
            UsageEvent.BookingAccepted(ConfidantKind.Internal, Audience.Employees), UsageEvent.BookingDeclined(ConfidantKind.Internal, Audience.Employees),
            UsageEvent.BookingCancelled(ConfidantKind.External, Audience.College), UsageEvent.BookingHeld(ConfidantKind.External, Audience.Employees),
            UsageEvent.BookingNewTime(ConfidantKind.External, Audience.Council), UsageEvent.BookingNewTime(ConfidantKind.Internal, Audience.Employees),
            UsageEvent.GuideTopic(TopicGroup.UndesirableBehaviour), UsageEvent.GuideTopic(TopicGroup.Integrity), UsageEvent.GuideTopic(TopicGroup.Unknown),
            UsageEvent.GuideInvolved(InvolvedGroup.Colleagues), UsageEvent.GuideInvolved(InvolvedGroup.Management), UsageEvent.GuideInvolved(InvolvedGroup.OfficeHolders),
            UsageEvent.FirstRouteShown(RouteKindGroup.ConfidentialTalk), UsageEvent.FirstRouteShown(RouteKindGroup.Report),
            UsageEvent.BookingAnswered(AnswerDays.LessThanOne), UsageEvent.BookingAnswered(AnswerDays.Two), UsageEvent.BookingAnswered(AnswerDays.MoreThanTen),
        ];
        for (var month = 1; month <= 12; month++)
        {
            foreach (var usage in events)
            {
                var times = random.Next(0, 3) == 0 ? random.Next(0, 5) : random.Next(0, 14);
                if (times > 0)
                {
                    await truth.RecordAsync(_world, 2026, month, usage, times);
                }
            }
        }

        return truth;
    }

    internal static CounterFigures Counter(FiguresReport report, UsageCounter counter) => report.Counters.Single(c => c.Counter == counter);

    internal static Figure Cell(CounterFigures counter, string value) => counter.Breakdowns.SelectMany(b => b.Cells).Single(c => c.Value == value).Figure;

    private static Figure Figure(CounterFigures counter, string? value) => value is null ? counter.Total : Cell(counter, value);
}
