using ConfidantBot.Presentation;
using ConfidantBot.Routes.Advice;
using ConfidantBot.Routes.Cards;
using ConfidantBot.Routes.Catalogue;
using ConfidantBot.Routes.Guide;

namespace ConfidantBot.Tests.Routes;

/// <summary>
/// The conflict-of-interest rule on its own: a route that leads to the person involved (its
/// receiver is that role, or answers to it) is never advised, whatever its points, the advice says
/// so in one sentence, and a replacement this person may use takes its place.
/// </summary>
public sealed class ConflictOfInterestRuleTests
{
    private static RouteCatalogue Catalogue(Func<ReportingRoute, bool>? keep = null) =>
        new(RouteSeed.Document.Version, RouteSeed.Document.Routes.Where(keep ?? (_ => true)));

    private static GuideAnswers Answers(Topic topic, Involved involved, Wish wish, Role role = Role.Employee, ReportedBefore reported = ReportedBefore.No) =>
        new(topic, involved, reported, wish, role, EasyToRecognise: false);

    /// <summary>A rule table that tempts the advisor with huge points for exactly the routes the rule must leave out.</summary>
    private static AdviceRules Tempting(params (Involved Involved, string RouteId)[] temptations) => AdviceRules.Default with
    {
        Rules =
        [
            .. AdviceRules.Default.Rules,
            .. temptations.Select(temptation => new AdviceRule(
                "tempt " + temptation.RouteId,
                new RuleCondition(Involved: [temptation.Involved]),
                new Dictionary<string, RulePoints> { [temptation.RouteId] = new(1000) })),
        ],
    };

    [Theory]
    [InlineData(Involved.Mayor, "mayor")]
    [InlineData(Involved.MunicipalSecretaryOrManagement, "lineToSecretary")]
    [InlineData(Involved.MunicipalSecretaryOrManagement, "internalConfidant")]
    [InlineData(Involved.MunicipalSecretaryOrManagement, "whistleblowerInternal")]
    [InlineData(Involved.Manager, "lineToSecretary")]
    [InlineData(Involved.WholeTeam, "lineToSecretary")]
    [InlineData(Involved.Alderman, "lineToSecretary")]
    public void A_route_that_leads_to_the_person_involved_is_never_advised_however_many_points_it_gets(Involved involved, string routeId)
    {
        var advisor = new RouteAdvisor(Catalogue(), Tempting((involved, routeId)));
        foreach (var topic in Enum.GetValues<Topic>())
        {
            foreach (var wish in GuideAnswerSpace.WishSets)
            {
                var advice = advisor.Advise(Answers(topic, involved, wish), Locales.Dutch);

                Assert.DoesNotContain(advice.Routes, route => route.Route.Id == routeId);
                var conflict = Assert.IsType<ConflictOfInterest>(advice.Conflict);
                Assert.Contains(conflict.LeftOut, route => route.Id == routeId);
                Assert.Equal(involved, conflict.Involved);
            }
        }
    }

    [Fact]
    public void The_same_points_without_the_person_involved_put_that_route_first()
    {
        // The tempting rule works: the rule, not the points, keeps the mayor out when the mayor is involved.
        var rules = AdviceRules.Default with
        {
            Rules = [.. AdviceRules.Default.Rules, new AdviceRule("tempt", new RuleCondition(), new Dictionary<string, RulePoints> { ["mayor"] = new(1000) })],
        };
        var advisor = new RouteAdvisor(Catalogue(), rules);

        Assert.Equal("mayor", advisor.Advise(Answers(Topic.IntegritySuspicion, Involved.Alderman, Wish.FormalReport), Locales.Dutch).Routes[0].Route.Id);
        Assert.DoesNotContain(advisor.Advise(Answers(Topic.IntegritySuspicion, Involved.Mayor, Wish.FormalReport), Locales.Dutch).Routes, route => route.Route.Id == "mayor");
    }

    [Fact]
    public void When_the_mayor_is_involved_the_first_replacement_this_municipality_has_takes_the_mayors_place()
    {
        var catalogue = Catalogue();
        var answers = Answers(Topic.IntegritySuspicion, Involved.Mayor, Wish.FormalReport);
        var withoutRule = new RouteAdvisor(catalogue, AdviceRules.Default with { Parties = new Dictionary<string, RouteParties>() }).Advise(answers, Locales.Dutch);
        var mayorPlace = withoutRule.Routes.ToList().FindIndex(route => route.Route.Id == "mayor");
        Assert.True(mayorPlace >= 0, "without the rule the mayor would be advised: the situation tests nothing");

        var advice = new RouteAdvisor(catalogue).Advise(answers, Locales.Dutch);

        var expected = AdviceRules.Default.ReplacementsFor(answers).First(id => catalogue.Find(id) is { } route && route.Serves(Audience.Employee));
        var conflict = Assert.IsType<ConflictOfInterest>(advice.Conflict);
        Assert.Equal(expected, conflict.Replacement?.Id);
        var replacementPlace = advice.Routes.ToList().FindIndex(route => route.Route.Id == expected);
        Assert.InRange(replacementPlace, 0, mayorPlace);
    }

    [Fact]
    public void The_advice_says_in_one_sentence_who_is_involved_what_is_left_out_and_what_replaces_it()
    {
        var catalogue = Catalogue();
        var advice = new RouteAdvisor(catalogue).Advise(Answers(Topic.IntegritySuspicion, Involved.Mayor, Wish.FormalReport), Locales.Dutch);
        var conflict = advice.Conflict!;

        var dutch = RouteCards.ConflictSentence(conflict, Locales.Dutch);
        var english = RouteCards.ConflictSentence(conflict, Locales.English);

        Assert.Contains("de burgemeester", dutch, StringComparison.Ordinal);
        Assert.Contains(catalogue.Find("mayor")!.Title.Nl, dutch, StringComparison.Ordinal);
        Assert.Contains(conflict.Replacement!.Title.Nl, dutch, StringComparison.Ordinal);
        Assert.Contains(conflict.Replacement!.Title.En, english, StringComparison.Ordinal);
        Assert.Single(dutch.Split(". ", StringSplitOptions.None));
        Assert.EndsWith(".", dutch, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manager_involved_hears_that_the_line_starts_higher()
    {
        var advice = new RouteAdvisor(Catalogue()).Advise(Answers(Topic.IntegritySuspicion, Involved.Manager, Wish.FormalReport), Locales.Dutch);

        var conflict = Assert.IsType<ConflictOfInterest>(advice.Conflict);
        Assert.Equal(["lineToSecretary"], conflict.LeftOut.Select(route => route.Id));
        Assert.Contains("de leidinggevende boven die persoon", RouteCards.ConflictSentence(conflict, Locales.Dutch), StringComparison.Ordinal);
        Assert.Contains("the manager above that person", RouteCards.ConflictSentence(conflict, Locales.English), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Involved.Colleague)]
    [InlineData(Involved.OutsideParty)]
    [InlineData(Involved.NotSure)]
    [InlineData(Involved.RatherNotSay)]
    public void Nothing_is_left_out_when_nobody_a_route_leads_to_is_involved(Involved involved)
    {
        var advisor = new RouteAdvisor(Catalogue());
        foreach (var topic in Enum.GetValues<Topic>())
        {
            foreach (var wish in GuideAnswerSpace.WishSets)
            {
                Assert.Null(advisor.Advise(Answers(topic, involved, wish), Locales.Dutch).Conflict);
            }
        }
    }

    [Fact]
    public void A_municipality_without_any_replacement_still_says_why_and_shows_two_routes()
    {
        var answers = Answers(Topic.IntegritySuspicion, Involved.Mayor, Wish.FormalReport);
        var replacements = AdviceRules.Default.ReplacementsFor(answers).ToHashSet();
        var catalogue = Catalogue(route => !replacements.Contains(route.Id));

        var advice = new RouteAdvisor(catalogue).Advise(answers, Locales.English);

        var conflict = Assert.IsType<ConflictOfInterest>(advice.Conflict);
        Assert.Null(conflict.Replacement);
        Assert.Contains("Because the mayor is involved, I do not advise", RouteCards.ConflictSentence(conflict, Locales.English), StringComparison.Ordinal);
        Assert.True(advice.Routes.Count >= 2);
        Assert.DoesNotContain(advice.Routes, route => route.Route.Id == "mayor");
    }
}
