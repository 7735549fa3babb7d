using ConfidantBot.Figures;
using ConfidantBot.Roster;
using ConfidantBot.Routes.Catalogue;

namespace ConfidantBot.Routes.Guide;

/// <summary>What the guide and the route browser add to the anonymous figures: events and coarse groups only.</summary>
internal static class GuideFigures
{
    /// <summary>The figures' audience for the guide's role answer; roles without a matching audience (and no answer) count as unspecified.</summary>
    public static Roster.Audience? AudienceOf(Role? role) => role switch
    {
        Role.Employee => Roster.Audience.Employees,
        Role.CouncilMember => Roster.Audience.Council,
        Role.CollegeMember => Roster.Audience.College,
        _ => null,
    };

    /// <summary>The coarse topic group of the guide's topic answer (no answer counts as unknown).</summary>
    public static TopicGroup TopicGroupOf(Topic? topic) => topic switch
    {
        Topic.UndesirableBehaviour => TopicGroup.UndesirableBehaviour,
        Topic.IntegritySuspicion or Topic.PublicInterestWrongdoing or Topic.PossibleCrime => TopicGroup.Integrity,
        Topic.QuestionOrDilemma => TopicGroup.QuestionOrDilemma,
        _ => TopicGroup.Unknown,
    };

    /// <summary>The coarse group of the guide's involved answer: a whole team counts with colleagues, the secretary with management.</summary>
    public static InvolvedGroup InvolvedGroupOf(Involved? involved) => involved switch
    {
        Involved.Colleague or Involved.WholeTeam => InvolvedGroup.Colleagues,
        Involved.Manager or Involved.MunicipalSecretaryOrManagement => InvolvedGroup.Management,
        Involved.Mayor or Involved.Alderman or Involved.CouncilMember => InvolvedGroup.OfficeHolders,
        Involved.OutsideParty => InvolvedGroup.Outside,
        _ => InvolvedGroup.Unknown,
    };

    public static RouteKindGroup KindGroupOf(RouteKind kind) => kind switch
    {
        RouteKind.ConfidentialTalk => RouteKindGroup.ConfidentialTalk,
        RouteKind.Conversation => RouteKindGroup.Conversation,
        _ => RouteKindGroup.Report,
    };

    /// <summary>
    /// A finished guide: its audience, and separately (one dimension per counter, so the store holds
    /// no combination) the topic group, the involved group and the kind of the first route shown.
    /// </summary>
    public static async Task GuideFinishedAsync(this IUsageCounters counters, GuideAnswers answers, RouteKind? firstRouteKind, CancellationToken cancellationToken)
    {
        await counters.RecordAsync(UsageEvent.GuideFinished(AudienceOf(answers.Role)), cancellationToken).ConfigureAwait(false);
        await counters.RecordAsync(UsageEvent.GuideTopic(TopicGroupOf(answers.Topic)), cancellationToken).ConfigureAwait(false);
        await counters.RecordAsync(UsageEvent.GuideInvolved(InvolvedGroupOf(answers.Involved)), cancellationToken).ConfigureAwait(false);
        if (firstRouteKind is { } kind)
        {
            await counters.RecordAsync(UsageEvent.FirstRouteShown(KindGroupOf(kind)), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Counts a route as opened, skipping ids that are not catalogue keys (never throws for figures' sake).</summary>
    public static Task RouteOpenedAsync(this IUsageCounters counters, string? routeId, Roster.Audience? audience, CancellationToken cancellationToken) =>
        UsageEvent.IsCountableRoute(routeId)
            ? counters.RecordAsync(UsageEvent.RouteOpened(routeId!, audience), cancellationToken)
            : Task.CompletedTask;

    public static Task RouteShownAsync(this IUsageCounters counters, string routeId, Roster.Audience? audience, CancellationToken cancellationToken) =>
        UsageEvent.IsCountableRoute(routeId)
            ? counters.RecordAsync(UsageEvent.RouteShown(routeId, audience), cancellationToken)
            : Task.CompletedTask;
}
