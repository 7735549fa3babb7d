namespace ConfidantBot.BotFramework.Storage;

/// <summary>Where an item lives: a partition (a kind of record, or an index value) and an id within it.</summary>
public readonly record struct StorageKey(string Partition, string Id)
{
    public override string ToString() => $"{Partition}/{Id}";
}

/// <summary>One stored item. <see cref="ETag"/> changes on every write.</summary>
public sealed record StoredItem(StorageKey Key, ReadOnlyMemory<byte> Data, string ETag, DateTimeOffset? ExpiresAt);

/// <summary>
/// Key-value storage with optimistic concurrency. Implementations: SQLite (embedded default) and
/// Azure Table Storage (several instances). All pass the same contract tests.
/// </summary>
public interface IStorage
{
    /// <summary>The item, or null when absent or expired.</summary>
    Task<StoredItem?> ReadAsync(StorageKey key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes an item and returns its new ETag. <paramref name="ifMatch"/>: <c>null</c> = create only
    /// (fails if the item exists and has not expired), <see cref="ETags.Any"/> = unconditional,
    /// otherwise the current ETag must equal it.
    /// </summary>
    /// <exception cref="StorageConflictException">The condition did not hold; nothing was written.</exception>
    Task<string> WriteAsync(StorageKey key, ReadOnlyMemory<byte> data, string? ifMatch, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes an item; returns false if it was absent. With an ETag, a mismatch throws <see cref="StorageConflictException"/>.</summary>
    Task<bool> DeleteAsync(StorageKey key, string? ifMatch = ETags.Any, CancellationToken cancellationToken = default);

    /// <summary>All unexpired items of one partition.</summary>
    IAsyncEnumerable<StoredItem> QueryAsync(string partition, CancellationToken cancellationToken = default);

    /// <summary>Removes every item whose expiry has passed; returns how many. Safe to run on several instances at once.</summary>
    Task<int> DeleteExpiredAsync(CancellationToken cancellationToken = default);

    /// <summary>A cheap round trip for the health check.</summary>
    Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default);
}

public static class ETags
{
    /// <summary>Matches any existing item (and none), i.e. an unconditional write.</summary>
    public const string Any = "*";
}

/// <summary>An optimistic-concurrency condition failed: someone else wrote first.</summary>
public sealed class StorageConflictException(StorageKey key)
    : Exception($"The item {key.Partition}/… was changed by someone else; read it again and retry.")
{
    public StorageKey Key { get; } = key;
}
