using ConfidantBot.Figures;
using ConfidantBot.Roster;

namespace ConfidantBot.Routes.Guide;

/// <summary>What the guide and the route browser add to the anonymous figures: events and coarse audience only.</summary>
internal static class GuideFigures
{
    /// <summary>The figures' audience for the guide's role answer; roles without a matching audience (and no answer) count as unspecified.</summary>
    public static Audience? AudienceOf(Role? role) => role switch
    {
        Role.Employee => Audience.Employees,
        Role.CouncilMember => Audience.Council,
        Role.CollegeMember => Audience.College,
        _ => null,
    };

    /// <summary>Counts a route as opened, skipping ids that are not catalogue keys (never throws for figures' sake).</summary>
    public static Task RouteOpenedAsync(this IUsageCounters counters, string? routeId, Audience? audience, CancellationToken cancellationToken) =>
        UsageEvent.IsCountableRoute(routeId)
            ? counters.RecordAsync(UsageEvent.RouteOpened(routeId!, audience), cancellationToken)
            : Task.CompletedTask;

    public static Task RouteShownAsync(this IUsageCounters counters, string routeId, Audience? audience, CancellationToken cancellationToken) =>
        UsageEvent.IsCountableRoute(routeId)
            ? counters.RecordAsync(UsageEvent.RouteShown(routeId, audience), cancellationToken)
            : Task.CompletedTask;
}
