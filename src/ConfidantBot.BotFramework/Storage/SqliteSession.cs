using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace ConfidantBot.BotFramework.Storage;

/// <summary>
/// One open connection with its statements prepared once and reused. A session serves one operation
/// at a time; <see cref="SqliteStorage"/> pools them. Every condition is checked inside a single SQL
/// statement, so a check and its write can never be split by another writer.
/// </summary>
internal sealed class SqliteSession : IDisposable
{
    public const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS items (
            partition  TEXT    NOT NULL,
            id         TEXT    NOT NULL,
            data       BLOB    NOT NULL,
            etag       TEXT    NOT NULL,
            expires_at INTEGER NULL,
            PRIMARY KEY (partition, id)
        );
        CREATE INDEX IF NOT EXISTS items_by_expiry ON items (expires_at) WHERE expires_at IS NOT NULL;
        """;

    private const string Unexpired = "(expires_at IS NULL OR expires_at > $now)";

    private const string ReadSql = $"SELECT data, etag, expires_at FROM items WHERE partition = $partition AND id = $id AND {Unexpired}";

    private const string InsertValues = "INSERT INTO items (partition, id, data, etag, expires_at) VALUES ($partition, $id, $data, $etag, $expires_at) " +
        "ON CONFLICT (partition, id) DO UPDATE SET data = excluded.data, etag = excluded.etag, expires_at = excluded.expires_at";

    private const string CreateSql = $"{InsertValues} WHERE items.expires_at IS NOT NULL AND items.expires_at <= $now";

    private const string UpsertSql = InsertValues;

    private const string ReplaceSql = "UPDATE items SET data = $data, etag = $etag, expires_at = $expires_at " +
        $"WHERE partition = $partition AND id = $id AND etag = $if_match AND {Unexpired}";

    private const string DeleteAnySql = "DELETE FROM items WHERE partition = $partition AND id = $id RETURNING expires_at";

    // An expired item is deleted whatever its ETag: it no longer exists for anyone.
    private const string DeleteMatchingSql = "DELETE FROM items WHERE partition = $partition AND id = $id " +
        "AND (etag = $if_match OR (expires_at IS NOT NULL AND expires_at <= $now)) RETURNING expires_at";

    private const string ExistsSql = $"SELECT 1 FROM items WHERE partition = $partition AND id = $id AND {Unexpired}";

    private const string QuerySql = $"SELECT id, data, etag, expires_at FROM items WHERE partition = $partition AND {Unexpired} ORDER BY id";

    // Small batches keep the write lock short, so turns are not held up by a large clean-up.
    private const string DeleteExpiredBatchSql = "DELETE FROM items WHERE rowid IN " +
        "(SELECT rowid FROM items WHERE expires_at IS NOT NULL AND expires_at <= $now LIMIT 500)";

    private const string PingSql = "SELECT 1 FROM items LIMIT 1";

    private static readonly Statement Read = new(ReadSql, "$partition", "$id", "$now");
    private static readonly Statement Create = new(CreateSql, "$partition", "$id", "$data", "$etag", "$expires_at", "$now");
    private static readonly Statement Upsert = new(UpsertSql, "$partition", "$id", "$data", "$etag", "$expires_at");
    private static readonly Statement Replace = new(ReplaceSql, "$partition", "$id", "$data", "$etag", "$expires_at", "$if_match", "$now");
    private static readonly Statement DeleteAny = new(DeleteAnySql, "$partition", "$id");
    private static readonly Statement DeleteMatching = new(DeleteMatchingSql, "$partition", "$id", "$if_match", "$now");
    private static readonly Statement Exists = new(ExistsSql, "$partition", "$id", "$now");
    private static readonly Statement Query = new(QuerySql, "$partition", "$now");
    private static readonly Statement DeleteExpiredBatch = new(DeleteExpiredBatchSql, "$now");
    private static readonly Statement Ping = new(PingSql);

    private readonly SqliteConnection connection;
    private readonly Dictionary<Statement, SqliteCommand> prepared = [];

    private readonly long busyTimeoutMilliseconds;

    private SqliteSession(SqliteConnection connection, long busyTimeoutMilliseconds)
    {
        this.connection = connection;
        this.busyTimeoutMilliseconds = busyTimeoutMilliseconds;
    }

    public static async Task<SqliteSession> OpenAsync(string connectionString, TimeSpan busyTimeout, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString) { DefaultTimeout = (int)Math.Ceiling(busyTimeout.TotalSeconds) };
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var pragmas = connection.CreateCommand();
            // NORMAL is durable across application crashes in WAL mode and saves an fsync per write.
            // secure_delete: a deleted row's bytes are overwritten in the database file, not left in free pages.
            pragmas.CommandText = $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds}; PRAGMA synchronous = NORMAL; PRAGMA secure_delete = ON;";
            await pragmas.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return new SqliteSession(connection, (long)busyTimeout.TotalMilliseconds);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Copies the write-ahead log into the database and empties the log file. Until then the WAL
    /// still holds earlier versions of the pages a delete changed, i.e. the deleted data.
    /// </summary>
    /// <remarks>
    /// Best effort, without waiting: a TRUNCATE checkpoint that waits for readers holds the write
    /// lock meanwhile, so a caller that writes while it still reads (an answer-relay pass updating
    /// the rows of its query) would be locked out until the busy timeout. A checkpoint blocked by a
    /// reader gives it a few more short tries (a reader's pass takes milliseconds), each without
    /// waiting and without holding a lock in between. Answers whether the log was emptied, so that
    /// the storage can owe the checkpoint and settle it at its next use.
    /// </remarks>
    public const int CheckpointAttemptsAfterDelete = 10;

    private static readonly TimeSpan CheckpointRetryDelay = TimeSpan.FromMilliseconds(20);

    public async Task<bool> CheckpointAsync(int attempts, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 0;";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            for (var attempt = 1; attempt <= attempts; attempt++)
            {
                // The pragma answers (busy, log frames, checkpointed frames); busy = 1 when a reader kept it from finishing.
                var blocked = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) != 0;
                if (!blocked)
                {
                    return true;
                }

                if (attempt < attempts)
                {
                    await Task.Delay(CheckpointRetryDelay, cancellationToken).ConfigureAwait(false);
                }
            }

            return false;
        }
        catch (SqliteException busy) when (busy.SqliteErrorCode is 5 or 6)
        {
            // Another connection is checkpointing or writing: the checkpoint stays owed.
            return false;
        }
        finally
        {
            command.CommandText = $"PRAGMA busy_timeout = {busyTimeoutMilliseconds};";
            await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    public async Task CreateSchemaAsync(CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Schema;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<StoredItem?> ReadAsync(StorageKey key, long now, CancellationToken cancellationToken)
    {
        var command = Command(Read);
        SetKey(command, key);
        command.Parameters["$now"].Value = now;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new StoredItem(key, ReadData(reader, 0), reader.GetString(1), ReadExpiry(reader, 2));
    }

    /// <summary>Writes under the given condition; false when the condition did not hold and nothing was written.</summary>
    public async Task<bool> WriteAsync(StorageKey key, ReadOnlyMemory<byte> data, string? ifMatch, string newETag, long? expiresAt, long now, CancellationToken cancellationToken)
    {
        var command = ifMatch switch
        {
            null => Command(Create),
            ETags.Any => Command(Upsert),
            _ => Command(Replace),
        };

        SetKey(command, key);
        command.Parameters["$data"].Value = AsArray(data);
        command.Parameters["$etag"].Value = newETag;
        command.Parameters["$expires_at"].Value = expiresAt is { } value ? value : DBNull.Value;
        if (ifMatch is not ETags.Any)
        {
            command.Parameters["$now"].Value = now;
        }

        if (ifMatch is not (null or ETags.Any))
        {
            command.Parameters["$if_match"].Value = ifMatch;
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<DeleteOutcome> DeleteAsync(StorageKey key, string ifMatch, long now, CancellationToken cancellationToken)
    {
        var command = ifMatch == ETags.Any
            ? Command(DeleteAny)
            : Command(DeleteMatching);
        SetKey(command, key);
        if (ifMatch != ETags.Any)
        {
            command.Parameters["$if_match"].Value = ifMatch;
            command.Parameters["$now"].Value = now;
        }

        bool? deletedLiveItem = null;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                deletedLiveItem = reader.IsDBNull(0) || reader.GetInt64(0) > now;
            }
        }

        return deletedLiveItem switch
        {
            true => DeleteOutcome.Deleted,
            false => DeleteOutcome.Absent,
            null when ifMatch != ETags.Any && await ExistsAsync(key, now, cancellationToken).ConfigureAwait(false) => DeleteOutcome.Conflict,
            null => DeleteOutcome.Absent,
        };
    }

    public async IAsyncEnumerable<StoredItem> QueryAsync(string partition, long now, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var command = Command(Query);
        command.Parameters["$partition"].Value = partition;
        command.Parameters["$now"].Value = now;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new StoredItem(new StorageKey(partition, reader.GetString(0)), ReadData(reader, 1), reader.GetString(2), ReadExpiry(reader, 3));
        }
    }

    public async Task<int> DeleteExpiredAsync(long now, CancellationToken cancellationToken)
    {
        var command = Command(DeleteExpiredBatch);
        command.Parameters["$now"].Value = now;
        var total = 0;
        int batch;
        do
        {
            batch = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            total += batch;
        }
        while (batch > 0);

        return total;
    }

    public async Task PingAsync(CancellationToken cancellationToken) =>
        await Command(Ping).ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);

    public void Dispose()
    {
        foreach (var command in prepared.Values)
        {
            command.Dispose();
        }

        prepared.Clear();
        connection.Dispose();
    }

    private async Task<bool> ExistsAsync(StorageKey key, long now, CancellationToken cancellationToken)
    {
        var command = Command(Exists);
        SetKey(command, key);
        command.Parameters["$now"].Value = now;
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
    }

    private SqliteCommand Command(Statement statement)
    {
        if (prepared.TryGetValue(statement, out var existing))
        {
            return existing;
        }

        var command = connection.CreateCommand();
        command.CommandText = statement.Sql;
        foreach (var name in statement.ParameterNames)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name, SqliteType = TypeOf(name) });
        }

        command.Prepare();
        prepared.Add(statement, command);
        return command;
    }

    private static SqliteType TypeOf(string parameterName) => parameterName switch
    {
        "$data" => SqliteType.Blob,
        "$now" or "$expires_at" => SqliteType.Integer,
        _ => SqliteType.Text,
    };

    private static void SetKey(SqliteCommand command, StorageKey key)
    {
        command.Parameters["$partition"].Value = key.Partition;
        command.Parameters["$id"].Value = key.Id;
    }

    private static byte[] AsArray(ReadOnlyMemory<byte> data) =>
        MemoryMarshal.TryGetArray(data, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : data.ToArray();

    private static ReadOnlyMemory<byte> ReadData(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? ReadOnlyMemory<byte>.Empty : reader.GetFieldValue<byte[]>(ordinal);

    private static DateTimeOffset? ReadExpiry(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));
}

/// <summary>SQL text with the names of its parameters; one instance per statement, so it can key the prepared-command cache.</summary>
internal sealed class Statement(string sql, params string[] parameterNames)
{
    public string Sql { get; } = sql;

    public IReadOnlyList<string> ParameterNames { get; } = parameterNames;
}

internal enum DeleteOutcome
{
    Deleted,
    Absent,
    Conflict,
}
