using ConfidantBot.BotFramework.Storage;
using Microsoft.Extensions.Logging;

namespace ConfidantBot.Routes.Catalogue;

/// <summary>
/// Puts the seed catalogue into the store on first start and whenever the seed's version is newer
/// than the stored one; otherwise returns what is stored. Safe when several instances start at once:
/// writes are conditional, and the loser of a race reads the winner's copy.
/// </summary>
public sealed partial class RouteCatalogueLoader(IStorage storage, ILogger<RouteCatalogueLoader> logger)
{
    public static readonly StorageKey Key = new("routes", "catalogue");
    private const int MaxAttempts = 3;

    public Task<RouteCatalogueDocument> LoadAsync(CancellationToken cancellationToken = default) =>
        LoadAsync(RouteSeed.Document, cancellationToken);

    public async Task<RouteCatalogueDocument> LoadAsync(RouteCatalogueDocument seed, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await storage.ReadAsync(Key, cancellationToken).ConfigureAwait(false);
            var current = stored is null ? null : TryParse(stored);
            if (current is not null && current.Version >= seed.Version)
            {
                return current;
            }

            try
            {
                await storage.WriteAsync(Key, seed.ToUtf8Json(), stored?.ETag, cancellationToken: cancellationToken).ConfigureAwait(false);
                LogSeeded(logger, seed.Version, current?.Version);
                return seed;
            }
            catch (StorageConflictException) when (attempt < MaxAttempts)
            {
                // Another instance seeded at the same moment: read its copy.
            }
        }
    }

    private RouteCatalogueDocument? TryParse(StoredItem item)
    {
        try
        {
            return RouteCatalogueDocument.Parse(item.Data.Span);
        }
        catch (InvalidRouteCatalogueException exception)
        {
            LogStoredCatalogueInvalid(logger, exception.Problems.Count);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored the route catalogue version {SeedVersion} (was {StoredVersion}).")]
    private static partial void LogSeeded(ILogger logger, int seedVersion, int? storedVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The stored route catalogue is invalid ({ProblemCount} problems); replacing it with the seed.")]
    private static partial void LogStoredCatalogueInvalid(ILogger logger, int problemCount);
}
