using System.Text.Json.Nodes;
using ConfidantBot.Routes.Guide;

namespace ConfidantBot.Routes.Browse;

/// <summary>What to show when the routes dialog begins.</summary>
public enum RouteView { List, Route, Contact }

/// <summary>
/// The routes dialog's options: the whole list, or one route's details or contact. The root passes
/// a button's data (<c>{"action":"route"|"contact","route":"&lt;id&gt;"}</c>) as a <see cref="JsonObject"/>;
/// <see cref="From"/> reads both.
/// </summary>
public sealed record RouteRequest(RouteView View, string? RouteId = null)
{
    public static RouteRequest List { get; } = new(RouteView.List);

    public static RouteRequest From(object? options) => options switch
    {
        RouteRequest request => request,
        JsonObject data => FromIntent(GuideInput.Recognize(null, data)),
        _ => List,
    };

    internal static RouteRequest FromIntent(GuideIntent intent) => intent.Kind switch
    {
        GuideIntentKind.Route => new RouteRequest(RouteView.Route, intent.RouteId),
        GuideIntentKind.Contact => new RouteRequest(RouteView.Contact, intent.RouteId),
        _ => List,
    };
}
