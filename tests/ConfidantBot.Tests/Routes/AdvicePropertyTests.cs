using ConfidantBot.Presentation;
using ConfidantBot.Routes.Advice;
using ConfidantBot.Routes.Catalogue;
using ConfidantBot.Routes.Guide;

namespace ConfidantBot.Tests.Routes;

/// <summary>
/// Properties of the advice over every answer combination the guide can end with, for several
/// municipality profiles: the conflict-of-interest rule always holds, every advice has at least
/// two routes, and every route shown exists in that municipality and is open to the person.
/// </summary>
public sealed class AdvicePropertyTests
{
    /// <summary>Municipalities that differ in the routes they have (until HR-maintained per-municipality data exists, cut from the catalogue).</summary>
    public static TheoryData<string> Profiles() => [.. ProfileCatalogues.Keys];

    private static readonly Dictionary<string, RouteCatalogue> ProfileCatalogues = new(StringComparer.Ordinal)
    {
        ["the catalogue as it is"] = new(RouteSeed.Document.Version, RouteSeed.Document.Routes),
        ["with a temporary desk"] = new(RouteSeed.Document.Version, RouteSeed.Document.Routes,
            new Dictionary<string, RouteContact> { ["temporaryDesk"] = new("Meldpunt", Url: "https://example.org/meldpunt") }),
        ["a small municipality: no internal confidant, no council confidant, no integrity officer, no replacement for the mayor"] = new(
            RouteSeed.Document.Version,
            RouteSeed.Document.Routes.Where(route => route.Id is not ("internalConfidant" or "councilConfidant" or "integrityOfficer" or "mayorReplacement" or "complaintProcedure"))),
    };

    [Theory]
    [MemberData(nameof(Profiles))]
    public void For_every_answer_combination_no_route_leads_to_the_person_involved_at_least_two_routes_show_and_all_exist_here(string profile)
    {
        var catalogue = ProfileCatalogues[profile];
        var rules = AdviceRules.Default;
        var advisor = new RouteAdvisor(catalogue, rules);
        var conflictRule = new ConflictOfInterestRule(rules);
        var checkedCombinations = 0;
        Assert.NotEmpty(catalogue.Routes);
        foreach (var answers in GuideAnswerSpace.All())
        {
            var advice = advisor.Advise(answers, Locales.Dutch);

            if (Problem(advice, catalogue, conflictRule, rules.MaximumRoutes) is { } problem)
            {
                Assert.Fail($"{answers}: {problem} (shown: {string.Join(", ", advice.Routes.Select(route => route.Route.Id))})");
            }

            checkedCombinations++;
        }

        Assert.True(checkedCombinations > 100_000, $"only {checkedCombinations} combinations");
    }

    /// <summary>What is wrong with one advice, or null. (Messages are only built for a failure: this runs for every combination.)</summary>
    private static string? Problem(RouteAdvice advice, RouteCatalogue catalogue, ConflictOfInterestRule conflictRule, int maximumRoutes)
    {
        var answers = advice.Answers;
        var audience = RouteAdvisor.AudienceOf(answers.Role);
        if (advice.Routes.Count < 2 || advice.Routes.Count > maximumRoutes)
        {
            return $"{advice.Routes.Count} routes";
        }

        if (advice.Routes.Select(route => route.Route.Id).Distinct().Count() != advice.Routes.Count)
        {
            return "a route shows twice";
        }

        foreach (var advised in advice.Routes)
        {
            if (conflictRule.LeadsToInvolved(advised.Route.Id, answers.Involved))
            {
                return $"{advised.Route.Id} leads to the person involved";
            }

            if (!ReferenceEquals(catalogue.Find(advised.Route.Id), advised.Route))
            {
                return $"{advised.Route.Id} is not in this municipality";
            }

            if (!advised.Route.Serves(audience))
            {
                return $"{advised.Route.Id} is not open to {audience}";
            }

            if (string.IsNullOrWhiteSpace(advised.Reason))
            {
                return $"{advised.Route.Id} has no reason";
            }
        }

        if (advice.Conflict is { } conflict)
        {
            if (conflict.LeftOut.Count == 0 || conflict.LeftOut.Any(route => advice.Routes.Any(advised => advised.Route.Id == route.Id)))
            {
                return "the conflict names no route left out, or one that is shown";
            }

            if (conflict.Replacement is { } replacement && !advice.Routes.Any(advised => advised.Route.Id == replacement.Id))
            {
                return $"the replacement {replacement.Id} is not shown";
            }
        }

        return null;
    }

    /// <summary>
    /// The notes say only what is true for the topic, for every answer combination: 112 wherever danger can be
    /// (a crime, undesirable behaviour such as a threat or assault, or not saying what it is); the whistleblower
    /// law's deadlines and its ban on retaliation only for a suspected wrongdoing, not for a complaint about
    /// undesirable behaviour (that gets the Arbowet and equal-treatment notes instead).
    /// </summary>
    [Fact]
    public void For_every_answer_combination_the_notes_are_true_for_the_topic_and_danger_always_gets_112()
    {
        var advisor = new RouteAdvisor(ProfileCatalogues["the catalogue as it is"], AdviceRules.Default);
        string[] behaviourOnly = ["routes.note.behaviourCrime", "routes.note.behaviourReportedWithoutResult", "routes.note.treatedWorseBehaviour"];
        string[] wrongdoingOnly = ["routes.note.reportedWithoutResult", "routes.note.treatedWorse"];
        var checkedCombinations = 0;
        foreach (var answers in GuideAnswerSpace.All())
        {
            var notes = advisor.Advise(answers, Locales.Dutch).Notes ?? [];
            var behaviour = answers.Topic == Topic.UndesirableBehaviour;
            if (answers.Topic is (Topic.PossibleCrime or Topic.UndesirableBehaviour or Topic.NotSure or Topic.RatherNotSay) && !notes.Contains("routes.note.emergency"))
            {
                Assert.Fail($"{answers}: no 112");
            }

            if ((behaviour ? wrongdoingOnly : behaviourOnly).FirstOrDefault(notes.Contains) is { } untrue)
            {
                Assert.Fail($"{answers}: {untrue} is not true for this topic");
            }

            if (behaviour && !notes.Contains("routes.note.behaviourCrime"))
            {
                Assert.Fail($"{answers}: undesirable behaviour without the note that violence, threats and assault are crimes too");
            }

            checkedCombinations++;
        }

        Assert.True(checkedCombinations > 100_000, $"only {checkedCombinations} combinations");
    }
}
