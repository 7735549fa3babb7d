namespace ConfidantBot.Routes.Catalogue;

/// <summary>
/// The routes this municipality offers, in display order, with the contacts HR configured.
/// Immutable: one snapshot serves a whole turn. Only routes that exist here are in it, so the
/// advisor and the route browser never show a route whose receiver is absent.
/// </summary>
public sealed class RouteCatalogue
{
    private readonly Dictionary<string, ReportingRoute> byId;
    private readonly IReadOnlyDictionary<string, RouteContact> contacts;

    public RouteCatalogue(int version, IEnumerable<ReportingRoute> routes, IReadOnlyDictionary<string, RouteContact>? contacts = null)
    {
        this.contacts = contacts ?? new Dictionary<string, RouteContact>();
        Version = version;
        Routes = [.. routes.Where(ExistsHere)];
        byId = Routes.ToDictionary(route => route.Id, StringComparer.Ordinal);
    }

    public int Version { get; }

    /// <summary>The routes that exist in this municipality (see <see cref="ExistsHere"/>).</summary>
    public IReadOnlyList<ReportingRoute> Routes { get; }

    public ReportingRoute? Find(string? id) => id is not null && byId.TryGetValue(id, out var route) ? route : null;

    /// <summary>The configured contact of a route, or null: the card then says to ask HR or look on the intranet.</summary>
    public RouteContact? ContactFor(ReportingRoute route) => Configured(route.Contact);

    /// <summary>The municipality's own rules for this route that HR linked (code of conduct, regulation), in catalogue order.</summary>
    public IReadOnlyList<RouteContact> LinksFor(ReportingRoute route) =>
        [.. route.LocalLinks.Select(Configured).OfType<RouteContact>().Where(link => link.Url is not null)];

    /// <summary>
    /// A route exists here unless its receiver is local and HR recorded it as not present, or it
    /// needs a configured contact that is missing.
    /// </summary>
    private bool ExistsHere(ReportingRoute route)
    {
        var recorded = contacts.TryGetValue(route.Contact, out var contact) ? contact : null;
        if (route.OnlyWhenContactConfigured && recorded is not { Present: true })
        {
            return false;
        }

        return !(route.LocalReceiver && recorded is { Present: false });
    }

    private RouteContact? Configured(string key) => contacts.TryGetValue(key, out var contact) && contact.Present ? contact : null;
}
