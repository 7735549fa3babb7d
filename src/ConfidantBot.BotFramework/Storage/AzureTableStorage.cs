using System.Diagnostics;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Azure.Identity;
using ConfidantBot.BotFramework.Telemetry;

namespace ConfidantBot.BotFramework.Storage;

/// <summary>
/// <see cref="IStorage"/> in an Azure Table, for several instances sharing one store. Optimistic
/// concurrency uses the table service's own ETags: create-only is <c>AddEntity</c> (409 = taken),
/// a conditional write is a Replace with If-Match (412 = changed), <see cref="ETags.Any"/> is an upsert.
/// Data is split over up to <see cref="MaxChunks"/> binary properties of 64 KiB inside one entity,
/// so every write stays a single atomic operation; larger items are refused with an
/// <see cref="ArgumentException"/> (<see cref="MaxItemBytes"/>).
/// </summary>
public sealed class AzureTableStorage : IStorage
{
    /// <summary>The largest item this storage accepts: 15 binary properties of 64 KiB, within the 1 MiB entity limit.</summary>
    public const int MaxItemBytes = MaxChunkBytes * MaxChunks;

    internal const int MaxChunkBytes = 64 * 1024;
    internal const int MaxChunks = 15;

    private const string DataProperty = "Data";
    private const string ExpiresAtProperty = "ExpiresAt";
    private const int MaxAttempts = 5;

    private static readonly string[] ExpiryOnly = [ExpiresAtProperty];
    private static readonly string[] KeysAndExpiry = ["PartitionKey", "RowKey", ExpiresAtProperty];

    private readonly TableClient table;
    private readonly TimeProvider timeProvider;
    private readonly SemaphoreSlim createTableLock = new(1, 1);
    private volatile bool tableReady;

    public AzureTableStorage(AzureTableStorageOptions options, TimeProvider timeProvider)
    {
        StorageOptionsCheck.ThrowIfInvalid(options);
        ArgumentNullException.ThrowIfNull(timeProvider);

        var service = options.ServiceUri is { } serviceUri
            ? new TableServiceClient(serviceUri, options.Credential ?? new DefaultAzureCredential(), options.ClientOptions)
            : new TableServiceClient(options.ConnectionString, options.ClientOptions);
        table = service.GetTableClient(options.TableName);
        this.timeProvider = timeProvider;
    }

    public async Task<StoredItem?> ReadAsync(StorageKey key, CancellationToken cancellationToken = default)
    {
        using var activity = Span("read", "GET");
        try
        {
            StorageKeyGuard.ThrowIfInvalid(key);
            await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
            var response = await table.GetEntityIfExistsAsync<TableEntity>(
                AzureTableKey.Encode(key.Partition), AzureTableKey.Encode(key.Id), cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.HasValue ? ToItemIfLive(key, response.Value!) : null;
        }
        catch (Exception exception) when (Failed(activity, exception))
        {
            throw;
        }
    }

    public async Task<string> WriteAsync(StorageKey key, ReadOnlyMemory<byte> data, string? ifMatch, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        using var activity = Span("write", "PUT");
        try
        {
            StorageKeyGuard.ThrowIfInvalid(key);
            StorageKeyGuard.ThrowIfInvalidETag(ifMatch);
            if (data.Length > MaxItemBytes)
            {
                throw new ArgumentException(
                    $"The item is {data.Length:N0} bytes; Azure Table storage holds at most {MaxItemBytes:N0} bytes per item. Store less in one item.",
                    nameof(data));
            }

            await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
            var expiry = StorageKeyGuard.ToStoredPrecision(expiresAt);
            var entity = ToEntity(key, data, expiry);
            var azureETag = ifMatch switch
            {
                null => await CreateAsync(key, entity, cancellationToken).ConfigureAwait(false),
                ETags.Any => (await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false)).Headers.ETag,
                _ => await ReplaceAsync(key, entity, ifMatch, cancellationToken).ConfigureAwait(false),
            };

            return AzureItemETag.Compose(azureETag ?? throw new InvalidOperationException("The table service returned no ETag."), expiry);
        }
        catch (Exception exception) when (Failed(activity, exception))
        {
            throw;
        }
    }

    public async Task<bool> DeleteAsync(StorageKey key, string? ifMatch = ETags.Any, CancellationToken cancellationToken = default)
    {
        using var activity = Span("delete", "DELETE");
        try
        {
            StorageKeyGuard.ThrowIfInvalid(key);
            StorageKeyGuard.ThrowIfInvalidETag(ifMatch);
            await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
            var unconditional = ifMatch is null or ETags.Any;
            ETag expected = default;
            var expectedIsValid = !unconditional && AzureItemETag.TryParse(ifMatch!, out expected, out _);
            var partitionKey = AzureTableKey.Encode(key.Partition);
            var rowKey = AzureTableKey.Encode(key.Id);

            // Reading first tells a live item from an expired one, which counts as absent whatever its ETag.
            for (var attempt = 0; attempt < MaxAttempts; attempt++)
            {
                var current = await ReadVersionAsync(partitionKey, rowKey, cancellationToken).ConfigureAwait(false);
                if (current is null)
                {
                    return false;
                }

                var (currentETag, live) = current.Value;
                if (live && !unconditional && (!expectedIsValid || currentETag != expected))
                {
                    throw new StorageConflictException(key);
                }

                switch (await DeleteVersionAsync(partitionKey, rowKey, currentETag, cancellationToken).ConfigureAwait(false))
                {
                    case DeleteOutcome.Deleted:
                        return live;
                    case DeleteOutcome.Absent:
                        return false;
                    case DeleteOutcome.Conflict when live && !unconditional:
                        throw new StorageConflictException(key);
                }

                // Changed between our read and our delete: look again.
            }

            throw new StorageConflictException(key);
        }
        catch (Exception exception) when (Failed(activity, exception))
        {
            throw;
        }
    }

    public async IAsyncEnumerable<StoredItem> QueryAsync(string partition, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        StorageKeyGuard.ThrowIfInvalidPartition(partition);
        using var activity = Span("query", "GET");
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {AzureTableKey.Encode(partition)}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (ToItemIfLive(new StorageKey(partition, AzureTableKey.Decode(entity.RowKey)), entity) is { } item)
            {
                yield return item;
            }
        }
    }

    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken = default)
    {
        using var activity = Span("delete-expired", "DELETE");
        try
        {
            await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
            // The property name must be literal text: CreateQueryFilter quotes every interpolated value.
            var filter = TableClient.CreateQueryFilter($"ExpiresAt le {timeProvider.GetUtcNow()}");
            var removed = 0;
            await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: KeysAndExpiry, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                // Deleting only the version we saw leaves an item another instance just renewed alone.
                if (await DeleteVersionAsync(entity.PartitionKey, entity.RowKey, entity.ETag, cancellationToken).ConfigureAwait(false) == DeleteOutcome.Deleted)
                {
                    removed++;
                }
            }

            return removed;
        }
        catch (Exception exception) when (Failed(activity, exception))
        {
            throw;
        }
    }

    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default)
    {
        using var activity = Span("health", "GET");
        try
        {
            try
            {
                await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
                await foreach (var page in table.QueryAsync<TableEntity>(maxPerPage: 1, select: ExpiryOnly, cancellationToken: cancellationToken)
                    .AsPages().ConfigureAwait(false))
                {
                    break;
                }

                return true;
            }
            catch (Exception ex) when (ex is RequestFailedException or AuthenticationFailedException or AggregateException)
            {
                return false;
            }
        }
        catch (Exception exception) when (Failed(activity, exception))
        {
            throw;
        }
    }

    /// <summary>A span for a call to the table service: its host and the operation, never a key (keys hold hashes and ids).</summary>
    private Activity? Span(string operation, string method) =>
        DependencyActivity.Start(DependencyActivity.Source, "Table Storage", table.Uri.Host, method, operation);

    /// <summary>An exception filter that never catches: it marks the span. A conflict is an answer, not a failure.</summary>
    private static bool Failed(Activity? activity, Exception exception)
    {
        if (exception is StorageConflictException)
        {
            activity?.SetTag("confidantbot.outcome", "conflict");
        }
        else if (exception is not OperationCanceledException)
        {
            activity.Failed(exception);
        }

        return false;
    }

    private async Task<ETag?> CreateAsync(StorageKey key, TableEntity entity, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            try
            {
                return (await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false)).Headers.ETag;
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // Taken, but perhaps only by an expired item, which counts as absent.
            }

            var current = await ReadVersionAsync(entity.PartitionKey, entity.RowKey, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                continue;
            }

            if (current.Value.Live)
            {
                throw new StorageConflictException(key);
            }

            try
            {
                return (await table.UpdateEntityAsync(entity, current.Value.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false)).Headers.ETag;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                // Someone else replaced the expired item first: theirs is the new item.
                throw new StorageConflictException(key);
            }
            catch (RequestFailedException ex) when (IsEntityMissing(ex))
            {
                // Purged meanwhile: add again.
            }
        }

        throw new StorageConflictException(key);
    }

    private async Task<ETag?> ReplaceAsync(StorageKey key, TableEntity entity, string ifMatch, CancellationToken cancellationToken)
    {
        if (!AzureItemETag.TryParse(ifMatch, out var expected, out var versionExpiresAt) || IsExpired(versionExpiresAt))
        {
            throw new StorageConflictException(key);
        }

        try
        {
            return (await table.UpdateEntityAsync(entity, expected, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false)).Headers.ETag;
        }
        catch (RequestFailedException ex) when (ex.Status == 412 || IsEntityMissing(ex))
        {
            throw new StorageConflictException(key);
        }
    }

    private async Task<(ETag ETag, bool Live)?> ReadVersionAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, ExpiryOnly, cancellationToken).ConfigureAwait(false);
        return response.HasValue
            ? (response.Value!.ETag, !IsExpired(response.Value.GetDateTimeOffset(ExpiresAtProperty)))
            : null;
    }

    private async Task<DeleteOutcome> DeleteVersionAsync(string partitionKey, string rowKey, ETag version, CancellationToken cancellationToken)
    {
        try
        {
            var response = await table.DeleteEntityAsync(partitionKey, rowKey, version, cancellationToken).ConfigureAwait(false);
            return response.Status == 404 ? DeleteOutcome.Absent : DeleteOutcome.Deleted;
        }
        catch (RequestFailedException ex) when (IsEntityMissing(ex))
        {
            return DeleteOutcome.Absent;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return DeleteOutcome.Conflict;
        }
    }

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (tableReady)
        {
            return;
        }

        await createTableLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!tableReady)
            {
                await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
                tableReady = true;
            }
        }
        finally
        {
            createTableLock.Release();
        }
    }

    private StoredItem? ToItemIfLive(StorageKey key, TableEntity entity)
    {
        var expiresAt = entity.GetDateTimeOffset(ExpiresAtProperty);
        return IsExpired(expiresAt) ? null : new StoredItem(key, ReadData(entity), AzureItemETag.Compose(entity.ETag, expiresAt), expiresAt);
    }

    private bool IsExpired(DateTimeOffset? expiresAt) => expiresAt is { } expiry && expiry <= timeProvider.GetUtcNow();

    private static TableEntity ToEntity(StorageKey key, ReadOnlyMemory<byte> data, DateTimeOffset? expiresAt)
    {
        var entity = new TableEntity(AzureTableKey.Encode(key.Partition), AzureTableKey.Encode(key.Id))
        {
            [DataProperty] = data[..Math.Min(data.Length, MaxChunkBytes)].ToArray(),
        };

        for (int chunk = 1, offset = MaxChunkBytes; offset < data.Length; chunk++, offset += MaxChunkBytes)
        {
            entity[ChunkProperty(chunk)] = data.Slice(offset, Math.Min(MaxChunkBytes, data.Length - offset)).ToArray();
        }

        if (expiresAt is { } expiry)
        {
            entity[ExpiresAtProperty] = expiry;
        }

        return entity;
    }

    private static ReadOnlyMemory<byte> ReadData(TableEntity entity)
    {
        var first = entity.GetBinary(DataProperty) ?? [];
        if (entity.GetBinary(ChunkProperty(1)) is null)
        {
            return first;
        }

        var chunks = new List<byte[]> { first };
        for (var chunk = 1; entity.GetBinary(ChunkProperty(chunk)) is { } bytes; chunk++)
        {
            chunks.Add(bytes);
        }

        var data = new byte[chunks.Sum(bytes => bytes.Length)];
        var offset = 0;
        foreach (var bytes in chunks)
        {
            bytes.CopyTo(data, offset);
            offset += bytes.Length;
        }

        return data;
    }

    private static string ChunkProperty(int chunk) => chunk == 0 ? DataProperty : DataProperty + chunk.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static bool IsEntityMissing(RequestFailedException ex) =>
        ex.Status == 404 && !string.Equals(ex.ErrorCode, "TableNotFound", StringComparison.Ordinal);
}
