using ConfidantBot.Routes.Contacts;
using Microsoft.Extensions.Logging;

namespace ConfidantBot.Routes.Catalogue;

/// <summary>
/// Reads the catalogue from the store once and keeps it in memory for a while, so a turn costs no
/// store round trip; after <see cref="RefreshAfter"/> it reads again to pick up another instance's seed.
/// When the store cannot be reached, the shipped seed answers (uncached, so the next turn tries again):
/// someone looking for help still gets the routes.
/// </summary>
public sealed partial class StoredRouteCatalogue(
    RouteCatalogueLoader loader,
    IRouteContactDirectory contacts,
    TimeProvider time,
    ILogger<StoredRouteCatalogue> logger) : IRouteCatalogue, IDisposable
{
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromMinutes(10);

    private readonly SemaphoreSlim loadLock = new(1, 1);
    private volatile CacheEntry? cached;

    public async ValueTask<RouteCatalogue> GetAsync(CancellationToken cancellationToken = default)
    {
        var document = await GetDocumentAsync(cancellationToken).ConfigureAwait(false);
        var configured = await contacts.GetContactsAsync(cancellationToken).ConfigureAwait(false);
        return new RouteCatalogue(document.Version, document.Routes, configured);
    }

    private async ValueTask<RouteCatalogueDocument> GetDocumentAsync(CancellationToken cancellationToken)
    {
        var entry = cached;
        if (IsFresh(entry))
        {
            return entry!.Document;
        }

        await loadLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            entry = cached;
            if (!IsFresh(entry))
            {
                entry = new CacheEntry(await loader.LoadAsync(cancellationToken).ConfigureAwait(false), time.GetUtcNow());
                cached = entry;
            }

            return entry!.Document;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogStoreUnavailable(logger, exception.GetType().Name);
            return cached?.Document ?? RouteSeed.Document;
        }
        finally
        {
            loadLock.Release();
        }
    }

    private bool IsFresh(CacheEntry? entry) => entry is not null && time.GetUtcNow() - entry.LoadedAt < RefreshAfter;

    public void Dispose() => loadLock.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The route catalogue could not be read from the store ({ErrorType}); answering from the shipped seed.")]
    private static partial void LogStoreUnavailable(ILogger logger, string errorType);

    private sealed record CacheEntry(RouteCatalogueDocument Document, DateTimeOffset LoadedAt);
}
