using System.Globalization;
using ConfidantBot.Routes.Catalogue;
using ConfidantBot.Routes.Guide;

namespace ConfidantBot.Routes.Advice;

/// <summary>
/// From the guide's answers to the fitting routes, in order. A pure function of the answers, the
/// catalogue snapshot and the rule table: every matching rule adds points, and the facts about a
/// route (who it serves, what anonymity costs) come from the catalogue. Points never overrule the
/// <see cref="ConflictOfInterestRule"/>: a route that leads to the person involved is left out.
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
            .Select((route, order) => new Candidate(route, order, tallies[route.Id]))
            .Where(candidate => candidate.Route.Serves(audience))
            .OrderByDescending(candidate => candidate.Tally.Points)
            .ThenBy(candidate => candidate.Order)
            .ToList();

        var conflictRule = new ConflictOfInterestRule(rules);
        var withoutRule = Shown(ranked);
        var allowed = ranked.Where(candidate => !conflictRule.LeadsToInvolved(candidate.Route.Id, answers.Involved)).ToList();
        var shown = Shown(allowed);
        var conflict = conflictRule.Explain(answers, [.. withoutRule.Select(candidate => candidate.Route)], [.. allowed.Select(candidate => candidate.Route)]);
        if (conflict?.Replacement is { } replacement)
        {
            // The replacement takes the place of the highest route left out, or stays where it is if that is higher.
            var place = withoutRule.FindIndex(candidate => conflict.LeftOut.Contains(candidate.Route));
            var current = shown.FindIndex(candidate => candidate.Route.Id == replacement.Id);
            if (current < 0 || current > place)
            {
                if (current >= 0)
                {
                    shown.RemoveAt(current);
                }

                shown.Insert(Math.Min(place, shown.Count), allowed.First(candidate => candidate.Route.Id == replacement.Id));
                if (shown.Count > rules.MaximumRoutes)
                {
                    shown.RemoveAt(shown.Count - 1);
                }
            }
        }

        var advised = shown
            .Select(candidate => new AdvisedRoute(
                candidate.Route,
                ReasonText(candidate.Tally, candidate.Route, culture),
                candidate.Tally.Flags | AnonymityFlags(candidate.Route, answers),
                candidate.Tally.Points))
            .ToList();
        var notes = rules.Notes.Where(note => note.When.Matches(answers)).Select(note => note.Text).Distinct(StringComparer.Ordinal).ToList();
        return new RouteAdvice(answers, advised, conflict, notes);
    }

    /// <summary>
    /// Who is shown: the best routes with at least the minimum points, never fewer than the minimum
    /// number (the best for this person still show) and never more than the maximum.
    /// </summary>
    private List<Candidate> Shown(List<Candidate> ranked) =>
        [.. ranked.Where((candidate, index) => index < rules.MinimumRoutes || candidate.Tally.Points >= rules.MinimumPoints).Take(rules.MaximumRoutes)];

    private sealed record Candidate(ReportingRoute Route, int Order, Tally Tally);

    /// <summary>Someone who would rather not say their role is shown what an employee may use: the widest common case.</summary>
    public static Audience AudienceOf(Role? role) => role switch
    {
        Role.CouncilMember => Audience.CouncilMember,
        Role.CollegeMember => Audience.CollegeMember,
        Role.FormerEmployee => Audience.FormerEmployee,
        Role.TempWorker or Role.Intern or Role.ContractorVolunteerOrApplicant => Audience.ContractorInternVolunteerApplicant,
        _ => Audience.Employee,
    };

    private static AdviceFlags AnonymityFlags(ReportingRoute route, GuideAnswers answers)
    {
        var wantsAnonymity = answers.Wants(Wish.Anonymous);
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
