namespace ConfidantBot.Routes.Catalogue;

/// <summary>The catalogue shipped with the app (<c>Routes/Data/routes.json</c>), parsed once.</summary>
public static class RouteSeed
{
    private static readonly Lazy<RouteCatalogueDocument> Seed = new(() => RouteCatalogueDocument.Parse(EmbeddedResources.Read("Data.routes.json")));

    public static RouteCatalogueDocument Document => Seed.Value;
}
