using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ConfidantBot.BotFramework.Storage;

namespace ConfidantBot.Tests.Privacy;

/// <summary>
/// TEST-ONLY dictionary-backed <see cref="IStorage"/> following the interface's documented rules
/// (ETags: null = create only, "*" = unconditional, else must match; expired items read as absent).
/// Used where a test needs to see every raw stored byte, expired items included; the stores
/// themselves (SQLite, Azure Tables) are tested on their own and through the host.
/// </summary>
internal sealed class InMemoryTestStorage(TimeProvider timeProvider) : IStorage
{
    private readonly ConcurrentDictionary<StorageKey, StoredItem> items = new();
    private readonly Lock writeLock = new();

    /// <summary>Every stored byte, expired or not, as an attacker with a copy of the database would see it.</summary>
    public IEnumerable<(StorageKey Key, byte[] Data)> RawItems => items.Values.Select(i => (i.Key, i.Data.ToArray()));

    public int Count => items.Count;

    public Task<StoredItem?> ReadAsync(StorageKey key, CancellationToken cancellationToken = default) =>
        Task.FromResult(items.TryGetValue(key, out var item) && !IsExpired(item) ? item : null);

    public Task<string> WriteAsync(StorageKey key, ReadOnlyMemory<byte> data, string? ifMatch, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        lock (writeLock)
        {
            var exists = items.TryGetValue(key, out var current) && !IsExpired(current!);
            var allowed = ifMatch switch
            {
                null => !exists,
                ETags.Any => true,
                _ => exists && current!.ETag == ifMatch,
            };
            if (!allowed)
            {
                throw new StorageConflictException(key);
            }

            var etag = Guid.NewGuid().ToString("N");
            items[key] = new StoredItem(key, data.ToArray(), etag, expiresAt);
            return Task.FromResult(etag);
        }
    }

    public Task<bool> DeleteAsync(StorageKey key, string? ifMatch = ETags.Any, CancellationToken cancellationToken = default)
    {
        lock (writeLock)
        {
            if (!items.TryGetValue(key, out var current) || IsExpired(current))
            {
                return Task.FromResult(false);
            }

            if (ifMatch is not null && ifMatch != ETags.Any && ifMatch != current.ETag)
            {
                throw new StorageConflictException(key);
            }

            return Task.FromResult(items.TryRemove(key, out _));
        }
    }

    public async IAsyncEnumerable<StoredItem> QueryAsync(string partition, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var item in items.Values.Where(i => i.Key.Partition == partition && !IsExpired(i)).OrderBy(i => i.Key.Id, StringComparer.Ordinal).ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return item;
        }
    }

    public Task<int> DeleteExpiredAsync(CancellationToken cancellationToken = default)
    {
        var removed = 0;
        foreach (var item in items.Values.Where(IsExpired).ToList())
        {
            if (((ICollection<KeyValuePair<StorageKey, StoredItem>>)items).Remove(new(item.Key, item)))
            {
                removed++;
            }
        }

        return Task.FromResult(removed);
    }

    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default) => Task.FromResult(true);

    private bool IsExpired(StoredItem item) => item.ExpiresAt is { } expiresAt && expiresAt <= timeProvider.GetUtcNow();
}
