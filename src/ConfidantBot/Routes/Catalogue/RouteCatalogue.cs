namespace ConfidantBot.Routes.Catalogue;

/// <summary>
/// The routes this municipality offers, in display order, with the contacts HR configured.
/// Immutable: one snapshot serves a whole turn.
/// </summary>
public sealed class RouteCatalogue
{
    private readonly Dictionary<string, ReportingRoute> byId;
    private readonly IReadOnlyDictionary<string, RouteContact> contacts;

    public RouteCatalogue(int version, IEnumerable<ReportingRoute> routes, IReadOnlyDictionary<string, RouteContact>? contacts = null)
    {
        this.contacts = contacts ?? new Dictionary<string, RouteContact>();
        Version = version;
        Routes = [.. routes.Where(route => !route.OnlyWhenContactConfigured || this.contacts.ContainsKey(route.Contact))];
        byId = Routes.ToDictionary(route => route.Id, StringComparer.Ordinal);
    }

    public int Version { get; }

    /// <summary>The routes to show; a route that needs a configured contact is left out without one.</summary>
    public IReadOnlyList<ReportingRoute> Routes { get; }

    public ReportingRoute? Find(string? id) => id is not null && byId.TryGetValue(id, out var route) ? route : null;

    /// <summary>The configured contact of a route, or null: the card then says to ask HR or look on the intranet.</summary>
    public RouteContact? ContactFor(ReportingRoute route) => contacts.TryGetValue(route.Contact, out var contact) ? contact : null;
}
