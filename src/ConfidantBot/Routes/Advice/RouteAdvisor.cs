using System.Globalization;
using ConfidantBot.Routes.Catalogue;
using ConfidantBot.Routes.Guide;

namespace ConfidantBot.Routes.Advice;

/// <summary>
/// From the guide's answers to the fitting routes, in order. A pure function of the answers, the
/// catalogue snapshot and the rule table: every matching rule adds points, and the facts about a
/// route (who it serves, what anonymity costs) come from the catalogue.
/// </summary>
public sealed class RouteAdvisor(RouteCatalogue catalogue, AdviceRules? rules = null)
{
    private readonly AdviceRules rules = rules ?? AdviceRules.Default;

    public RouteAdvice Advise(GuideAnswers answers, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var tallies = catalogue.Routes.ToDictionary(route => route.Id, _ => new Tally(), StringComparer.Ordinal);
        foreach (var rule in rules.Rules.Where(rule => rule.When.Matches(answers)))
        {
            foreach (var (routeId, points) in rule.Add)
            {
                if (tallies.TryGetValue(routeId, out var tally))
                {
                    tally.Add(points, isFallbackReason: rule.When.IsUnconditional);
                }
            }

            foreach (var (routeId, flags) in rule.Flags ?? new Dictionary<string, IReadOnlyList<AdviceFlags>>())
            {
                if (tallies.TryGetValue(routeId, out var tally))
                {
                    tally.Flags = flags.Aggregate(tally.Flags, (all, flag) => all | flag);
                }
            }
        }

        var audience = AudienceOf(answers.Role);
        var ranked = catalogue.Routes
            .Select((route, order) => (Route: route, Order: order, Tally: tallies[route.Id]))
            .Where(candidate => candidate.Route.Serves(audience))
            .OrderByDescending(candidate => candidate.Tally.Points)
            .ThenBy(candidate => candidate.Order)
            .ToList();

        // Never an empty answer: if nothing reaches the minimum, the best route for this person still shows.
        var advised = ranked
            .Where((candidate, index) => index == 0 || candidate.Tally.Points >= rules.MinimumPoints)
            .Take(rules.MaximumRoutes)
            .Select(candidate => new AdvisedRoute(
                candidate.Route,
                ReasonText(candidate.Tally, candidate.Route, culture),
                candidate.Tally.Flags | AnonymityFlags(candidate.Route, answers),
                candidate.Tally.Points))
            .ToList();

        return new RouteAdvice(answers, advised);
    }

    /// <summary>Someone who would rather not say their role is shown what an employee may use: the widest common case.</summary>
    private static Audience AudienceOf(Role? role) => role switch
    {
        Role.CouncilMember => Audience.CouncilMember,
        Role.CollegeMember => Audience.CollegeMember,
        Role.FormerEmployee => Audience.FormerEmployee,
        Role.ContractorInternVolunteerApplicant => Audience.ContractorInternVolunteerApplicant,
        _ => Audience.Employee,
    };

    private static AdviceFlags AnonymityFlags(ReportingRoute route, GuideAnswers answers)
    {
        var wantsAnonymity = answers.Wish == Wish.Anonymous;
        var flags = AdviceFlags.None;
        if (route.Anonymity.Possible && (route.Anonymity.CaveatAlways || (wantsAnonymity && route.Kind == RouteKind.Report)))
        {
            flags |= AdviceFlags.AnonymityCaveat;
        }

        if (wantsAnonymity && !route.Anonymity.Possible)
        {
            flags |= AdviceFlags.NotAnonymous;
        }

        return flags;
    }

    private string ReasonText(Tally tally, ReportingRoute route, CultureInfo culture) =>
        tally.BestReason is { } key && rules.Reasons.TryGetValue(key, out var text) ? text.In(culture) : route.Summary.In(culture);

    private sealed class Tally
    {
        private int bestReasonPoints;
        private string? bestReason;

        public int Points { get; private set; }
        public AdviceFlags Flags { get; set; }

        private string? fallbackReason;

        public string? BestReason => bestReason ?? fallbackReason;

        /// <summary>The reason of the biggest conditional plus wins; the unconditional base only fills in.</summary>
        public void Add(RulePoints points, bool isFallbackReason)
        {
            Points += points.Points;
            if (points.Reason is null)
            {
                return;
            }

            if (isFallbackReason)
            {
                fallbackReason ??= points.Reason;
            }
            else if (points.Points > bestReasonPoints)
            {
                bestReasonPoints = points.Points;
                bestReason = points.Reason;
            }
        }
    }
}
