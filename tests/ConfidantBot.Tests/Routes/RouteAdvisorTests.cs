using ConfidantBot.Routes;
using ConfidantBot.Routes.Advice;
using ConfidantBot.Routes.Catalogue;
using ConfidantBot.Routes.Guide;

namespace ConfidantBot.Tests.Routes;

public sealed class RouteAdvisorTests
{
    /// <summary>
    /// One situation of the guide and what a person in it must see: the route on top, routes that
    /// must be offered (with the notes that must be on them), and routes that must not be offered.
    /// </summary>
    public sealed record Situation(
        string Name,
        GuideAnswers Answers,
        string[] ExpectedFirst,
        string[]? Offered = null,
        (string Route, AdviceFlags Flag)[]? Notes = null,
        string[]? NotOffered = null);

    private static readonly Situation[] Situations =
    [
        new("employee, intimidation by an alderman, wants a confidential talk",
            new(Topic.UndesirableBehaviour, Involved.AldermanOrMayor, Wish.ConfidentialTalk, Role.Employee),
            ["externalConfidant"], Offered: ["mayor"], Notes: [("mayor", AdviceFlags.AnonymityCaveat)], NotOffered: ["councilConfidant", "griffier"]),
        new("contractor, wrongdoing affecting the public interest, wants anonymity",
            new(Topic.PublicInterestWrongdoing, Involved.OutsideParty, Wish.Anonymous, Role.ContractorInternVolunteerApplicant),
            ["whistleblowerAdvice"], Offered: ["whistleblowerInternal", "whistleblowerExternal"],
            Notes: [("whistleblowerInternal", AdviceFlags.AnonymityCaveat), ("whistleblowerExternal", AdviceFlags.AnonymityCaveat)],
            NotOffered: ["lineToSecretary"]),
        new("council member, conduct inside the council, wants a confidential talk",
            new(Topic.UndesirableBehaviour, Involved.CouncilMember, Wish.ConfidentialTalk, Role.CouncilMember, CouncilConduct.Yes),
            ["councilConfidant", "griffier"], NotOffered: ["externalConfidant", "internalConfidant"]),
        new("council member, conduct inside the council, rather not say the rest",
            new(Topic.RatherNotSay, Involved.RatherNotSay, Wish.RatherNotSay, Role.CouncilMember, CouncilConduct.Yes),
            ["councilConfidant", "griffier"]),
        new("not sure at every step",
            new(Topic.NotSure, Involved.NotSure, Wish.NotSure, Role.RatherNotSay),
            ["externalConfidant"], Offered: ["internalConfidant", "whistleblowerAdvice"], NotOffered: ["lineToSecretary", "mayor"]),
        new("rather not say at every step",
            new(Topic.RatherNotSay, Involved.RatherNotSay, Wish.RatherNotSay, Role.RatherNotSay),
            ["externalConfidant"], Offered: ["internalConfidant", "whistleblowerAdvice"]),
        new("employee, not sure about anything",
            new(Topic.NotSure, Involved.NotSure, Wish.NotSure, Role.Employee),
            ["externalConfidant"], Offered: ["internalConfidant", "whistleblowerAdvice"]),
        new("employee, integrity suspicion about a colleague, wants a formal report",
            new(Topic.IntegritySuspicion, Involved.Colleague, Wish.FormalReport, Role.Employee),
            ["lineToSecretary"], Offered: ["externalConfidant"]),
        new("employee, integrity suspicion about an alderman, wants a formal report",
            new(Topic.IntegritySuspicion, Involved.AldermanOrMayor, Wish.FormalReport, Role.Employee),
            ["mayor"], Offered: ["externalConfidant"], Notes: [("mayor", AdviceFlags.AnonymityCaveat)], NotOffered: ["lineToSecretary"]),
        new("employee, undesirable behaviour by a manager, wants a confidential talk",
            new(Topic.UndesirableBehaviour, Involved.Manager, Wish.ConfidentialTalk, Role.Employee),
            ["externalConfidant", "internalConfidant"]),
        new("employee, undesirable behaviour by a colleague, wants a confidential talk",
            new(Topic.UndesirableBehaviour, Involved.Colleague, Wish.ConfidentialTalk, Role.Employee),
            ["internalConfidant", "externalConfidant"]),
        new("employee, integrity suspicion about a colleague, wants a confidential talk",
            new(Topic.IntegritySuspicion, Involved.Colleague, Wish.ConfidentialTalk, Role.Employee),
            ["externalConfidant"], Offered: ["internalConfidant"], Notes: [("internalConfidant", AdviceFlags.DutyToReportNote)]),
        new("former employee, public-interest wrongdoing by a manager, wants a formal report",
            new(Topic.PublicInterestWrongdoing, Involved.Manager, Wish.FormalReport, Role.FormerEmployee),
            ["whistleblowerInternal"], Offered: ["whistleblowerExternal", "whistleblowerAdvice"],
            NotOffered: ["internalConfidant", "lineToSecretary"]),
        new("employee, public-interest wrongdoing, only wants information",
            new(Topic.PublicInterestWrongdoing, Involved.NotSure, Wish.InformationOnly, Role.Employee),
            ["whistleblowerAdvice"], Offered: ["externalConfidant", "whistleblowerInternal"]),
        new("college member, integrity suspicion in the college, wants a confidential talk",
            new(Topic.IntegritySuspicion, Involved.AldermanOrMayor, Wish.ConfidentialTalk, Role.CollegeMember),
            ["councilConfidant"], Offered: ["mayor"], NotOffered: ["internalConfidant", "externalConfidant", "griffier"]),
        new("employee, undesirable behaviour by a council member, wants anonymity",
            new(Topic.UndesirableBehaviour, Involved.CouncilMember, Wish.Anonymous, Role.Employee),
            ["externalConfidant"], Offered: ["mayor", "whistleblowerAdvice"], Notes: [("mayor", AdviceFlags.AnonymityCaveat)], NotOffered: ["griffier"]),
        new("council member, integrity suspicion about a council member, formal report, not about council conduct",
            new(Topic.IntegritySuspicion, Involved.CouncilMember, Wish.FormalReport, Role.CouncilMember, CouncilConduct.No),
            ["mayor"], Offered: ["griffier", "councilConfidant"], Notes: [("mayor", AdviceFlags.AnonymityCaveat)]),
        new("employee, public-interest wrongdoing by a manager, wants anonymity",
            new(Topic.PublicInterestWrongdoing, Involved.Manager, Wish.Anonymous, Role.Employee),
            ["externalConfidant", "whistleblowerAdvice"], Offered: ["whistleblowerExternal"],
            Notes: [("whistleblowerExternal", AdviceFlags.AnonymityCaveat)], NotOffered: ["lineToSecretary"]),
        new("council member, behaviour of an outsider, confidential talk, not council conduct",
            new(Topic.UndesirableBehaviour, Involved.OutsideParty, Wish.ConfidentialTalk, Role.CouncilMember, CouncilConduct.No),
            ["councilConfidant"]),
        new("employee, integrity suspicion about a colleague, wants anonymity",
            new(Topic.IntegritySuspicion, Involved.Colleague, Wish.Anonymous, Role.Employee),
            ["externalConfidant"], NotOffered: ["lineToSecretary"]),
        new("nothing answered yet",
            GuideAnswers.None,
            ["externalConfidant"]),
    ];

    public static TheoryData<string> SituationNames() => [.. Situations.Select(situation => situation.Name)];

    private static RouteCatalogue Catalogue(IReadOnlyDictionary<string, RouteContact>? contacts = null) =>
        new(RouteSeed.Document.Version, RouteSeed.Document.Routes, contacts);

    [Theory]
    [MemberData(nameof(SituationNames))]
    public void The_guide_offers_the_fitting_routes_first(string name)
    {
        var situation = Situations.Single(candidate => candidate.Name == name);

        var advice = new RouteAdvisor(Catalogue()).Advise(situation.Answers, GuideLocale.Dutch);
        var shown = advice.Routes.Select(route => route.Route.Id).ToList();

        Assert.True(shown.Count >= situation.ExpectedFirst.Length, $"only {string.Join(", ", shown)}");
        if (situation.ExpectedFirst.Length == 1)
        {
            Assert.Equal(situation.ExpectedFirst[0], shown[0]);
        }
        else
        {
            Assert.Equal(situation.ExpectedFirst.Order(), shown.Take(situation.ExpectedFirst.Length).Order());
        }

        foreach (var routeId in situation.Offered ?? [])
        {
            Assert.Contains(routeId, shown);
        }

        foreach (var routeId in situation.NotOffered ?? [])
        {
            Assert.DoesNotContain(routeId, shown);
        }

        foreach (var (routeId, flag) in situation.Notes ?? [])
        {
            var advised = Assert.Single(advice.Routes, route => route.Route.Id == routeId);
            Assert.True(advised.Flags.HasFlag(flag), $"{routeId} should carry {flag}");
        }
    }

    [Fact]
    public void The_table_covers_at_least_fifteen_situations() => Assert.True(Situations.Length >= 15);

    [Fact]
    public void Every_combination_of_answers_gets_a_short_ordered_list_of_routes_open_to_that_person()
    {
        var advisor = new RouteAdvisor(Catalogue());
        foreach (var answers in AllAnswerCombinations())
        {
            var advice = advisor.Advise(answers, GuideLocale.Dutch);

            Assert.InRange(advice.Routes.Count, 1, 5);
            Assert.Equal(advice.Routes.Count, advice.Routes.Select(route => route.Route.Id).Distinct().Count());
            Assert.Equal(advice.Routes.Select(route => route.Points).OrderDescending(), advice.Routes.Select(route => route.Points));
            Assert.All(advice.Routes, route => Assert.False(string.IsNullOrWhiteSpace(route.Reason)));
            if (answers.Role is Role.CouncilMember)
            {
                Assert.All(advice.Routes, route => Assert.True(route.Route.Serves(Audience.CouncilMember), $"{route.Route.Id} offered to a council member"));
            }
        }
    }

    [Fact]
    public void Someone_who_wants_a_confidential_talk_is_never_pointed_to_a_report_first()
    {
        var advisor = new RouteAdvisor(Catalogue());
        foreach (var answers in AllAnswerCombinations().Where(answers => answers.Wish == Wish.ConfidentialTalk))
        {
            var first = advisor.Advise(answers, GuideLocale.Dutch).Routes[0];
            Assert.True(first.Route.Kind != RouteKind.Report, $"{answers} got {first.Route.Id} first");
        }
    }

    [Fact]
    public void An_employee_who_wants_a_formal_report_about_a_known_topic_gets_a_report_route_first()
    {
        var advisor = new RouteAdvisor(Catalogue());
        var topics = new[] { Topic.IntegritySuspicion, Topic.UndesirableBehaviour, Topic.PublicInterestWrongdoing };
        foreach (var topic in topics)
        {
            foreach (var involved in Enum.GetValues<Involved>())
            {
                var first = advisor.Advise(new GuideAnswers(topic, involved, Wish.FormalReport, Role.Employee), GuideLocale.Dutch).Routes[0];
                Assert.True(first.Route.Kind == RouteKind.Report, $"{topic}/{involved} got {first.Route.Id} first");
            }
        }
    }

    [Fact]
    public void The_mayor_always_comes_with_the_warning_that_an_anonymous_report_can_be_much_less_effective()
    {
        var advisor = new RouteAdvisor(Catalogue());
        var mayors = AllAnswerCombinations()
            .SelectMany(answers => advisor.Advise(answers, GuideLocale.Dutch).Routes)
            .Where(route => route.Route.Id == "mayor")
            .ToList();

        Assert.NotEmpty(mayors);
        Assert.All(mayors, route => Assert.True(route.Flags.HasFlag(AdviceFlags.AnonymityCaveat)));
    }

    [Fact]
    public void Routes_that_are_not_anonymous_say_so_to_someone_who_wants_anonymity()
    {
        var advice = new RouteAdvisor(Catalogue()).Advise(
            new GuideAnswers(Topic.UndesirableBehaviour, Involved.CouncilMember, Wish.Anonymous, Role.CouncilMember, CouncilConduct.Yes),
            GuideLocale.Dutch);

        var griffier = Assert.Single(advice.Routes, route => route.Route.Id == "griffier");
        Assert.True(griffier.Flags.HasFlag(AdviceFlags.NotAnonymous));
    }

    [Fact]
    public void The_temporary_desk_is_offered_only_when_the_municipality_configured_one()
    {
        var answers = new GuideAnswers(Topic.IntegritySuspicion, Involved.AldermanOrMayor, Wish.Anonymous, Role.Employee);
        var withDesk = Catalogue(new Dictionary<string, RouteContact> { ["temporaryDesk"] = new("Meldpunt integriteit", Url: "https://example.org/meldpunt") });

        var configured = new RouteAdvisor(withDesk).Advise(answers, GuideLocale.Dutch);
        var desk = Assert.Single(configured.Routes, route => route.Route.Id == "temporaryDesk");
        Assert.True(desk.Flags.HasFlag(AdviceFlags.AnonymityCaveat));

        Assert.All(AllAnswerCombinations(), combination =>
            Assert.DoesNotContain(new RouteAdvisor(Catalogue()).Advise(combination, GuideLocale.Dutch).Routes, route => route.Route.Id == "temporaryDesk"));
    }

    [Fact]
    public void The_reason_is_in_the_language_of_the_conversation()
    {
        var answers = new GuideAnswers(Topic.UndesirableBehaviour, Involved.AldermanOrMayor, Wish.ConfidentialTalk, Role.Employee);
        var advisor = new RouteAdvisor(Catalogue());

        var dutch = advisor.Advise(answers, GuideLocale.Dutch).Routes[0].Reason;
        var english = advisor.Advise(answers, GuideLocale.English).Routes[0].Reason;

        Assert.Contains("organisatie", dutch, StringComparison.Ordinal);
        Assert.Contains("organisation", english, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_reason_the_rules_name_has_text_in_both_languages()
    {
        var rules = AdviceRules.Default;
        var named = rules.Rules.SelectMany(rule => rule.Add.Values).Select(points => points.Reason).OfType<string>().Distinct();
        var routeIds = RouteSeed.Document.Routes.Select(route => route.Id).ToHashSet();

        Assert.All(named, reason => Assert.True(rules.Reasons.ContainsKey(reason), reason));
        Assert.All(rules.Rules.SelectMany(rule => rule.Add.Keys.Concat(rule.Flags?.Keys ?? [])), routeId => Assert.Contains(routeId, routeIds));
    }

    private static IEnumerable<GuideAnswers> AllAnswerCombinations()
    {
        foreach (var topic in Enum.GetValues<Topic>())
        {
            foreach (var involved in Enum.GetValues<Involved>())
            {
                foreach (var wish in Enum.GetValues<Wish>())
                {
                    foreach (var role in Enum.GetValues<Role>())
                    {
                        if (role == Role.CouncilMember)
                        {
                            foreach (var conduct in Enum.GetValues<CouncilConduct>())
                            {
                                yield return new GuideAnswers(topic, involved, wish, role, conduct);
                            }
                        }
                        else
                        {
                            yield return new GuideAnswers(topic, involved, wish, role);
                        }
                    }
                }
            }
        }
    }
}
