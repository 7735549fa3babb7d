using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ConfidantBot.BotFramework.Storage;

namespace ConfidantBot.Tests.Routes;

/// <summary>
/// A dictionary-backed <see cref="IStorage"/> with the contract's ETag rules, for the route tests only.
/// TODO(lead): swap in the real SqliteStorage (in-memory database) once it lands, and delete this.
/// </summary>
internal sealed class InMemoryStorage : IStorage
{
    private readonly ConcurrentDictionary<StorageKey, StoredItem> items = new();
    private readonly Lock writeLock = new();

    public int Reads { get; private set; }
    public int Writes { get; private set; }

    public Task<StoredItem?> ReadAsync(StorageKey key, CancellationToken cancellationToken = default)
    {
        Reads++;
        return Task.FromResult(items.TryGetValue(key, out var item) ? item : null);
    }

    public Task<string> WriteAsync(StorageKey key, ReadOnlyMemory<byte> data, string? ifMatch, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        lock (writeLock)
        {
            var exists = items.TryGetValue(key, out var current);
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
            Writes++;
            return Task.FromResult(etag);
        }
    }

    public Task<bool> DeleteAsync(StorageKey key, string? ifMatch = ETags.Any, CancellationToken cancellationToken = default) =>
        Task.FromResult(items.TryRemove(key, out _));

    public async IAsyncEnumerable<StoredItem> QueryAsync(string partition, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var item in items.Values.Where(item => item.Key.Partition == partition))
        {
            yield return item;
        }
    }

    public Task<int> DeleteExpiredAsync(CancellationToken cancellationToken = default) => Task.FromResult(0);

    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default) => Task.FromResult(true);
}
