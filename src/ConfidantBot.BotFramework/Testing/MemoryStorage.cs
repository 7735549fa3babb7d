using System.Globalization;
using System.Runtime.CompilerServices;
using ConfidantBot.BotFramework.Storage;

namespace ConfidantBot.BotFramework.Testing;

/// <summary>
/// An in-memory <see cref="IStorage"/> with the same ETag and expiry rules as the real stores.
/// <b>For tests only</b>: nothing survives the process. Production uses SQLite or Azure Table Storage.
/// </summary>
public sealed class MemoryStorage(TimeProvider? timeProvider = null) : IStorage
{
    private readonly TimeProvider _timeProvider = timeProvider ?? TimeProvider.System;
    private readonly Dictionary<StorageKey, StoredItem> _items = [];
    private readonly Lock _lock = new();
    private long _version;

    /// <summary>How many writes succeeded (lets a test see that an unchanged turn wrote nothing).</summary>
    public int WriteCount { get; private set; }

    public Task<StoredItem?> ReadAsync(StorageKey key, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(LiveItem(key));
        }
    }

    public Task<string> WriteAsync(StorageKey key, ReadOnlyMemory<byte> data, string? ifMatch, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var current = LiveItem(key);
            var allowed = ifMatch switch
            {
                null => current is null,
                ETags.Any => true,
                _ => current is not null && current.ETag == ifMatch,
            };
            if (!allowed)
            {
                throw new StorageConflictException(key);
            }

            var eTag = "\"" + (++_version).ToString(CultureInfo.InvariantCulture) + "\"";
            _items[key] = new StoredItem(key, data.ToArray(), eTag, expiresAt);
            WriteCount++;
            return Task.FromResult(eTag);
        }
    }

    public Task<bool> DeleteAsync(StorageKey key, string? ifMatch = ETags.Any, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var current = LiveItem(key);
            if (current is null)
            {
                _items.Remove(key);
                return Task.FromResult(false);
            }

            if (ifMatch is not null && ifMatch != ETags.Any && ifMatch != current.ETag)
            {
                throw new StorageConflictException(key);
            }

            _items.Remove(key);
            return Task.FromResult(true);
        }
    }

    public async IAsyncEnumerable<StoredItem> QueryAsync(string partition, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<StoredItem> items;
        lock (_lock)
        {
            items = [.. _items.Keys.Where(k => k.Partition == partition).Select(LiveItem).OfType<StoredItem>()];
        }

        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    public Task<int> DeleteExpiredAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var now = _timeProvider.GetUtcNow();
            var expired = _items.Where(p => p.Value.ExpiresAt <= now).Select(p => p.Key).ToList();
            expired.ForEach(k => _items.Remove(k));
            return Task.FromResult(expired.Count);
        }
    }

    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default) => Task.FromResult(true);

    private StoredItem? LiveItem(StorageKey key)
        => _items.TryGetValue(key, out var item) && !(item.ExpiresAt <= _timeProvider.GetUtcNow()) ? item : null;
}
