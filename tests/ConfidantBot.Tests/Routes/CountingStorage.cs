using System.Runtime.CompilerServices;
using ConfidantBot.BotFramework.Storage;

namespace ConfidantBot.Tests.Routes;

/// <summary>Passes everything to a real store and counts reads and successful writes, to see how often the catalogue touches it.</summary>
internal sealed class CountingStorage(IStorage inner) : IStorage
{
    private int _reads;
    private int _writes;

    public int Reads => Volatile.Read(ref _reads);

    public int Writes => Volatile.Read(ref _writes);

    public Task<StoredItem?> ReadAsync(StorageKey key, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _reads);
        return inner.ReadAsync(key, cancellationToken);
    }

    public async Task<string> WriteAsync(StorageKey key, ReadOnlyMemory<byte> data, string? ifMatch, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        var eTag = await inner.WriteAsync(key, data, ifMatch, expiresAt, cancellationToken);
        Interlocked.Increment(ref _writes);
        return eTag;
    }

    public Task<bool> DeleteAsync(StorageKey key, string? ifMatch = ETags.Any, CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(key, ifMatch, cancellationToken);

    public async IAsyncEnumerable<StoredItem> QueryAsync(string partition, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in inner.QueryAsync(partition, cancellationToken))
        {
            yield return item;
        }
    }

    public Task<int> DeleteExpiredAsync(CancellationToken cancellationToken = default) => inner.DeleteExpiredAsync(cancellationToken);

    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default) => inner.IsHealthyAsync(cancellationToken);
}
