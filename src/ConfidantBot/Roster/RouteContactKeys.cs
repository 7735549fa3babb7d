using ConfidantBot.Routes.Catalogue;

namespace ConfidantBot.Roster;

/// <summary>
/// The route contacts HR fills in per municipality: every contact key and local-rules link the route
/// catalogue refers to, in catalogue order, so a new route's contact appears in the admin without a
/// code change here.
/// </summary>
public static class RouteContactKeys
{
    public static IReadOnlyList<string> All { get; } = [.. RouteSeed.Document.Routes.SelectMany(route => route.LocalLinks.Prepend(route.Contact)).Distinct(StringComparer.Ordinal)];
}
