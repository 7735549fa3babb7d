using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace ConfidantBot.BotFramework.Storage;

/// <summary>
/// <see cref="IStorage"/> in one SQLite file: the embedded default for a single instance. WAL mode lets
/// turns read while another writes; conditional writes are single SQL statements, so they are atomic.
/// The file holds sealed personal data and is readable by its owner only (0600) on Unix.
/// </summary>
public sealed class SqliteStorage : IStorage, IAsyncDisposable, IDisposable
{
    private const int MaxIdleSessions = 32;

    private readonly string connectionString;
    private readonly string? databaseFile;
    private readonly TimeSpan busyTimeout;
    private readonly TimeProvider timeProvider;
    private readonly ConcurrentBag<SqliteSession> idleSessions = [];
    private readonly SemaphoreSlim initializeLock = new(1, 1);
    private volatile bool initialized;
    private int disposed;

    // Not 0 while a delete's checkpoint was kept from emptying the write-ahead log: the deleted data
    // is still in the log file, so every next use of the store tries again, not only the next delete.
    private int checkpointOwed;

    public SqliteStorage(SqliteStorageOptions options, TimeProvider timeProvider)
    {
        StorageOptionsCheck.ThrowIfInvalid(options);
        ArgumentNullException.ThrowIfNull(timeProvider);

        var builder = options.BuildConnectionString();
        connectionString = builder.ToString();
        databaseFile = IsFileDatabase(builder) ? Path.GetFullPath(builder.DataSource) : null;
        busyTimeout = options.BusyTimeout;
        this.timeProvider = timeProvider;
    }

    /// <summary>The database file, or null for an in-memory database.</summary>
    public string? DatabaseFile => databaseFile;

    public async Task<StoredItem?> ReadAsync(StorageKey key, CancellationToken cancellationToken = default)
    {
        StorageKeyGuard.ThrowIfInvalid(key);
        var session = await RentAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var item = await session.ReadAsync(key, Now(), cancellationToken).ConfigureAwait(false);
            await ReturnAsync(session).ConfigureAwait(false);
            return item;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public async Task<string> WriteAsync(StorageKey key, ReadOnlyMemory<byte> data, string? ifMatch, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        StorageKeyGuard.ThrowIfInvalid(key);
        StorageKeyGuard.ThrowIfInvalidETag(ifMatch);
        var newETag = Guid.NewGuid().ToString("N");
        var expiry = StorageKeyGuard.ToStoredPrecision(expiresAt)?.ToUnixTimeMilliseconds();

        var session = await RentAsync(cancellationToken).ConfigureAwait(false);
        bool written;
        try
        {
            written = await session.WriteAsync(key, data, ifMatch, newETag, expiry, Now(), cancellationToken).ConfigureAwait(false);
            await ReturnAsync(session).ConfigureAwait(false);
        }
        catch
        {
            session.Dispose();
            throw;
        }

        return written ? newETag : throw new StorageConflictException(key);
    }

    public async Task<bool> DeleteAsync(StorageKey key, string? ifMatch = ETags.Any, CancellationToken cancellationToken = default)
    {
        StorageKeyGuard.ThrowIfInvalid(key);
        StorageKeyGuard.ThrowIfInvalidETag(ifMatch);
        var session = await RentAsync(cancellationToken).ConfigureAwait(false);
        DeleteOutcome outcome;
        try
        {
            outcome = await session.DeleteAsync(key, ifMatch ?? ETags.Any, Now(), cancellationToken).ConfigureAwait(false);
            if (outcome == DeleteOutcome.Deleted)
            {
                await CheckpointAfterDeleteAsync(session, cancellationToken).ConfigureAwait(false);
            }

            await ReturnAsync(session).ConfigureAwait(false);
        }
        catch
        {
            session.Dispose();
            throw;
        }

        return outcome switch
        {
            DeleteOutcome.Deleted => true,
            DeleteOutcome.Absent => false,
            _ => throw new StorageConflictException(key),
        };
    }

    public async IAsyncEnumerable<StoredItem> QueryAsync(string partition, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        StorageKeyGuard.ThrowIfInvalidPartition(partition);
        var session = await RentAsync(cancellationToken).ConfigureAwait(false);
        var completed = false;
        try
        {
            await foreach (var item in session.QueryAsync(partition, Now(), cancellationToken).ConfigureAwait(false))
            {
                yield return item;
            }

            completed = true;
        }
        finally
        {
            // An iteration that stopped early may have failed half-way; a fresh session is cheaper than doubt.
            if (completed)
            {
                await ReturnAsync(session).ConfigureAwait(false);
            }
            else
            {
                session.Dispose();
            }
        }
    }

    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken = default)
    {
        var session = await RentAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var removed = await session.DeleteExpiredAsync(Now(), cancellationToken).ConfigureAwait(false);
            if (removed > 0)
            {
                await CheckpointAfterDeleteAsync(session, cancellationToken).ConfigureAwait(false);
            }

            await ReturnAsync(session).ConfigureAwait(false);
            return removed;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var session = await RentAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await session.PingAsync(cancellationToken).ConfigureAwait(false);
                Return(session);
            }
            catch
            {
                session.Dispose();
                throw;
            }

            if (databaseFile is not null)
            {
                // Pooled connections keep working on a database file that was deleted or whose folder
                // was replaced, so a fresh connection proves the file is still where new ones look.
                using var fresh = await SqliteSession.OpenAsync(connectionString, busyTimeout, cancellationToken).ConfigureAwait(false);
                await fresh.PingAsync(cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        while (idleSessions.TryTake(out var session))
        {
            session.Dispose();
        }

        initializeLock.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private long Now() => timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    private async Task<SqliteSession> RentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) == 1, this);
        if (!initialized)
        {
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
        }

        return idleSessions.TryTake(out var session)
            ? session
            : await SqliteSession.OpenAsync(connectionString, busyTimeout, cancellationToken).ConfigureAwait(false);
    }

    private async Task CheckpointAfterDeleteAsync(SqliteSession session, CancellationToken cancellationToken)
    {
        var owedBefore = Volatile.Read(ref checkpointOwed);
        if (await session.CheckpointAsync(SqliteSession.CheckpointAttemptsAfterDelete, cancellationToken).ConfigureAwait(false))
        {
            SettleOwed(owedBefore);
        }
        else
        {
            Interlocked.Increment(ref checkpointOwed);
        }
    }

    /// <summary>Settles an owed checkpoint with one try that does not wait, then pools the session.</summary>
    private async Task ReturnAsync(SqliteSession session)
    {
        var owedBefore = Volatile.Read(ref checkpointOwed);
        if (owedBefore != 0 && await session.CheckpointAsync(attempts: 1, CancellationToken.None).ConfigureAwait(false))
        {
            SettleOwed(owedBefore);
        }

        Return(session);
    }

    // A delete whose checkpoint failed after this one started changed the count, so it stays owed.
    private void SettleOwed(int owedBefore) => Interlocked.CompareExchange(ref checkpointOwed, 0, owedBefore);

    private void Return(SqliteSession session)
    {
        if (Volatile.Read(ref disposed) == 1 || idleSessions.Count >= MaxIdleSessions)
        {
            session.Dispose();
            return;
        }

        idleSessions.Add(session);
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await initializeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (initialized)
            {
                return;
            }

            if (databaseFile is not null)
            {
                OwnerOnlyFile.Prepare(databaseFile);
            }

            var session = await SqliteSession.OpenAsync(connectionString, busyTimeout, cancellationToken).ConfigureAwait(false);
            try
            {
                await session.CreateSchemaAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                session.Dispose();
                throw;
            }

            idleSessions.Add(session);
            initialized = true;
        }
        finally
        {
            initializeLock.Release();
        }
    }

    private static bool IsFileDatabase(SqliteConnectionStringBuilder builder) =>
        builder.Mode != SqliteOpenMode.Memory
        && !string.IsNullOrEmpty(builder.DataSource)
        && !string.Equals(builder.DataSource, ":memory:", StringComparison.OrdinalIgnoreCase);
}
