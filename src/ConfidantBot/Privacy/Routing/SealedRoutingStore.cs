using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.Privacy.Hashing;
using ConfidantBot.Privacy.Keys;
using ConfidantBot.Privacy.Sealing;
using Microsoft.Extensions.Logging;

namespace ConfidantBot.Privacy.Routing;

/// <summary>
/// Routing records, sealed, in the configured <see cref="IStorage"/>, with an index from a
/// person's look-up hash to their record ids.
/// </summary>
/// <remarks>
/// Layout: the record at <c>routing-{purpose}/{recordId}</c> (the sealed envelope, nothing in
/// clear); the index entry at <c>person-{hash}/{purpose}.{recordId}</c> (no content). Both carry
/// the record's expiry, so retention removes them together. The record is written before its
/// index entry, and readers skip index entries whose record is gone, so a crash between the two
/// writes never shows a half-saved booking. The owner's hash is also sealed inside the record, so
/// a forged index entry cannot make someone else's record appear as yours.
/// </remarks>
public sealed partial class SealedRoutingStore(IStorage storage, RoutingSealer sealer, TimeProvider timeProvider, ILogger<SealedRoutingStore> logger)
{
    public const string RecordPartitionPrefix = "routing-";
    public const string PersonIndexPartitionPrefix = "person-";

    private static readonly JsonSerializerOptions PayloadJson = CreatePayloadJson();
    private static readonly byte[] IndexEntryData = "{}"u8.ToArray();

    /// <summary>Seals and stores (or replaces) a record. <paramref name="expiresAt"/> is the appointment plus retention.</summary>
    /// <exception cref="KeyUnavailableException">Nothing was stored; try again later.</exception>
    public async Task SaveAsync(string recordId, string purpose, RoutingRecord record, PersonHash owner, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        RecordNames.ThrowIfInvalid(recordId, purpose);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(owner);
        if (expiresAt <= timeProvider.GetUtcNow())
        {
            throw new ArgumentOutOfRangeException(nameof(expiresAt), "A routing record must expire in the future.");
        }

        var plaintext = JsonSerializer.SerializeToUtf8Bytes(new Payload(owner.Value, record), PayloadJson);
        SealedRecord sealedRecord;
        try
        {
            sealedRecord = await sealer.SealAsync(recordId, purpose, plaintext, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(plaintext);
        }

        await storage.WriteAsync(RecordKey(recordId, purpose), sealedRecord.ToBytes(), ETags.Any, expiresAt, cancellationToken).ConfigureAwait(false);
        await storage.WriteAsync(IndexKey(owner, recordId, purpose), IndexEntryData, ETags.Any, expiresAt, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The record, or null when it does not exist or has expired.</summary>
    /// <exception cref="SealedRecordException">The stored record cannot be opened (tampered, misplaced, unknown key version).</exception>
    /// <exception cref="KeyUnavailableException">Try again later.</exception>
    public async Task<RoutingRecord?> OpenAsync(string recordId, string purpose, CancellationToken cancellationToken = default)
    {
        RecordNames.ThrowIfInvalid(recordId, purpose);
        var opened = await ReadAndOpenAsync(recordId, purpose, cancellationToken).ConfigureAwait(false);
        return opened?.Payload.Routing;
    }

    /// <summary>
    /// All of one person's unexpired records. Records that cannot be opened, or that belong to
    /// someone else, are left out (and logged by count only).
    /// </summary>
    /// <exception cref="KeyUnavailableException">Try again later.</exception>
    public async Task<IReadOnlyList<FoundRoutingRecord>> FindByPersonAsync(PersonHash owner, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var found = new List<FoundRoutingRecord>();
        await foreach (var entry in IndexEntriesAsync(owner, cancellationToken).ConfigureAwait(false))
        {
            OpenedRecord? opened;
            try
            {
                opened = await ReadAndOpenAsync(entry.Reference.RecordId, entry.Reference.Purpose, cancellationToken).ConfigureAwait(false);
            }
            catch (SealedRecordException ex)
            {
                LogUnopenableRecord(logger, ex.Problem);
                continue;
            }

            if (opened is null)
            {
                // The record expired or was deleted after its index entry was listed; nothing to show.
                continue;
            }

            if (opened.Payload.Owner != owner.Value)
            {
                LogForeignIndexEntry(logger);
                continue;
            }

            found.Add(new FoundRoutingRecord(entry.Reference, opened.Payload.Routing, opened.ExpiresAt));
        }

        return found;
    }

    /// <summary>
    /// Deletes one record and, when the owner is known or the record opens, its index entry.
    /// Works without keys too (then the index entry is left to expire). Returns false if absent.
    /// </summary>
    public async Task<bool> DeleteAsync(string recordId, string purpose, PersonHash? owner = null, CancellationToken cancellationToken = default)
    {
        RecordNames.ThrowIfInvalid(recordId, purpose);
        if (owner is null)
        {
            try
            {
                var opened = await ReadAndOpenAsync(recordId, purpose, cancellationToken).ConfigureAwait(false);
                owner = opened is null ? null : new PersonHash(opened.Payload.Owner);
            }
            catch (Exception ex) when (ex is SealedRecordException or KeyUnavailableException)
            {
                // Deleting must not depend on being able to read; the index entry expires with the record.
            }
        }

        var deleted = await storage.DeleteAsync(RecordKey(recordId, purpose), ETags.Any, cancellationToken).ConfigureAwait(false);
        if (owner is not null)
        {
            await storage.DeleteAsync(IndexKey(owner, recordId, purpose), ETags.Any, cancellationToken).ConfigureAwait(false);
        }

        return deleted;
    }

    /// <summary>
    /// "Forget me": deletes every record indexed under this person and the whole index. A record
    /// that opens and belongs to someone else is kept (its index entry here was forged); a record
    /// that cannot be opened at all is deleted, since nobody can use it.
    /// </summary>
    /// <exception cref="KeyUnavailableException">Nothing more was deleted; try again later.</exception>
    public async Task<PersonDeletionResult> DeleteAllForPersonAsync(PersonHash owner, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var deletedRecords = new List<RoutingRecordRef>();
        var indexEntriesDeleted = 0;
        await foreach (var entry in IndexEntriesAsync(owner, cancellationToken).ConfigureAwait(false))
        {
            var belongsToSomeoneElse = false;
            try
            {
                var opened = await ReadAndOpenAsync(entry.Reference.RecordId, entry.Reference.Purpose, cancellationToken).ConfigureAwait(false);
                belongsToSomeoneElse = opened is not null && opened.Payload.Owner != owner.Value;
            }
            catch (SealedRecordException ex)
            {
                LogUnopenableRecord(logger, ex.Problem);
            }

            if (belongsToSomeoneElse)
            {
                LogForeignIndexEntry(logger);
            }
            else if (await storage.DeleteAsync(RecordKey(entry.Reference.RecordId, entry.Reference.Purpose), ETags.Any, cancellationToken).ConfigureAwait(false))
            {
                deletedRecords.Add(entry.Reference);
            }

            if (await storage.DeleteAsync(entry.Key, ETags.Any, cancellationToken).ConfigureAwait(false))
            {
                indexEntriesDeleted++;
            }
        }

        LogPersonDeleted(logger, deletedRecords.Count, indexEntriesDeleted);
        return new PersonDeletionResult(deletedRecords, indexEntriesDeleted);
    }

    internal static StorageKey RecordKey(string recordId, string purpose) => new(RecordPartitionPrefix + purpose, recordId);

    internal static StorageKey IndexKey(PersonHash owner, string recordId, string purpose) =>
        new(PersonIndexPartitionPrefix + owner.Value, $"{purpose}.{recordId}");

    private async IAsyncEnumerable<IndexEntry> IndexEntriesAsync(PersonHash owner, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Materialised first: callers delete while walking, and not every store allows that mid-query.
        var items = new List<StoredItem>();
        await foreach (var item in storage.QueryAsync(PersonIndexPartitionPrefix + owner.Value, cancellationToken).ConfigureAwait(false))
        {
            items.Add(item);
        }

        foreach (var item in items)
        {
            var separator = item.Key.Id.IndexOf('.', StringComparison.Ordinal);
            var purpose = separator > 0 ? item.Key.Id[..separator] : "";
            var recordId = separator > 0 ? item.Key.Id[(separator + 1)..] : "";
            if (RecordNames.IsValidPurpose(purpose) && RecordNames.IsValidRecordId(recordId))
            {
                yield return new IndexEntry(item.Key, new RoutingRecordRef(recordId, purpose));
            }
        }
    }

    private async Task<OpenedRecord?> ReadAndOpenAsync(string recordId, string purpose, CancellationToken cancellationToken)
    {
        var item = await storage.ReadAsync(RecordKey(recordId, purpose), cancellationToken).ConfigureAwait(false);
        if (item is null)
        {
            return null;
        }

        var plaintext = await sealer.OpenAsync(recordId, purpose, SealedRecord.Parse(item.Data), cancellationToken).ConfigureAwait(false);
        try
        {
            var payload = JsonSerializer.Deserialize<Payload>(plaintext, PayloadJson);
            if (payload?.Routing is null || payload.Owner is null)
            {
                throw new SealedRecordException(SealedRecordProblem.UnreadableContent, "The record opened, but holds no routing record.");
            }

            return new OpenedRecord(payload, item.ExpiresAt);
        }
        catch (JsonException ex)
        {
            throw new SealedRecordException(SealedRecordProblem.UnreadableContent, "The record opened, but its content is not a routing record of this version.", ex);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private static JsonSerializerOptions CreatePayloadJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped a routing record that cannot be opened ({Problem})")]
    private static partial void LogUnopenableRecord(ILogger logger, SealedRecordProblem problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped a person index entry that points to another person's record")]
    private static partial void LogForeignIndexEntry(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {RecordCount} routing records and {IndexEntryCount} index entries for one person")]
    private static partial void LogPersonDeleted(ILogger logger, int recordCount, int indexEntryCount);

    private sealed record Payload(string Owner, RoutingRecord Routing);

    private sealed record OpenedRecord(Payload Payload, DateTimeOffset? ExpiresAt);

    private sealed record IndexEntry(StorageKey Key, RoutingRecordRef Reference);
}

/// <summary>Which record: its id and purpose.</summary>
public sealed record RoutingRecordRef(string RecordId, string Purpose);

/// <summary>A record found for a person, with when it will be deleted.</summary>
public sealed record FoundRoutingRecord(RoutingRecordRef Reference, RoutingRecord Record, DateTimeOffset? ExpiresAt);

/// <summary>What "forget me" removed.</summary>
public sealed record PersonDeletionResult(IReadOnlyList<RoutingRecordRef> DeletedRecords, int IndexEntriesDeleted)
{
    public int RecordCount => DeletedRecords.Count;
}

/// <summary>Well-known purposes of routing records.</summary>
public static class RoutingPurposes
{
    /// <summary>Reaching the person about a booking (confirmation, decline, reminder).</summary>
    public const string Booking = "booking";
}
