using Microsoft.Data.Sqlite;

namespace ConfidantBot.BotFramework.Storage;

/// <summary>Where <see cref="SqliteStorage"/> keeps its database. Set exactly one of the three locations.</summary>
public sealed class SqliteStorageOptions : IStorageOptions
{
    /// <summary>File name used inside <see cref="DataDirectory"/>.</summary>
    public const string DefaultFileName = "storage.db";

    /// <summary>A folder for the database file <see cref="DefaultFileName"/>; created (owner-only) if missing.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>The full path of the database file.</summary>
    public string? DatabasePath { get; set; }

    /// <summary>A complete Microsoft.Data.Sqlite connection string, for special cases (e.g. a shared in-memory database).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>How long a write waits for another writer's lock before it fails.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    string? IStorageOptions.FindProblem()
    {
        var locations = new[] { DataDirectory, DatabasePath, ConnectionString }.Count(value => !string.IsNullOrWhiteSpace(value));
        if (locations != 1)
        {
            return $"SQLite storage: set exactly one of {nameof(DataDirectory)}, {nameof(DatabasePath)} or {nameof(ConnectionString)} (found {locations}).";
        }

        if (BusyTimeout <= TimeSpan.Zero || BusyTimeout > TimeSpan.FromMinutes(5))
        {
            return $"SQLite storage: {nameof(BusyTimeout)} must be between 0 and 5 minutes.";
        }

        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            try
            {
                _ = new SqliteConnectionStringBuilder(ConnectionString);
            }
            catch (ArgumentException ex)
            {
                return $"SQLite storage: {nameof(ConnectionString)} is not a valid connection string ({ex.Message}).";
            }
        }

        return null;
    }

    internal SqliteConnectionStringBuilder BuildConnectionString()
    {
        var builder = string.IsNullOrWhiteSpace(ConnectionString)
            ? new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(DatabasePath ?? Path.Combine(DataDirectory!, DefaultFileName)) }
            : new SqliteConnectionStringBuilder(ConnectionString);

        // The storage keeps its own pool of open connections with prepared statements; a second pool would only hold file handles.
        builder.Pooling = false;
        if (builder.Mode == SqliteOpenMode.ReadWrite)
        {
            builder.Mode = SqliteOpenMode.ReadWriteCreate;
        }

        return builder;
    }
}
