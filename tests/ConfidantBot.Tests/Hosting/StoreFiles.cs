using System.Text;
using Microsoft.Data.Sqlite;

namespace ConfidantBot.Tests.Hosting;

/// <summary>Looks at the SQLite files of a data folder from outside the host, as an auditor would.</summary>
public static class StoreFiles
{
    /// <summary>How many rows the store holds, counted straight from the database file.</summary>
    public static async Task<long> CountItemsAsync(string dataDirectory)
    {
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, "storage.db"),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM items";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>True when any file of the data folder (database, WAL, key file) contains the text, in UTF-8 or UTF-16.</summary>
    public static async Task<bool> ContainAsync(string dataDirectory, string text)
    {
        var patterns = new[] { Encoding.UTF8.GetBytes(text), Encoding.Unicode.GetBytes(text) };
        foreach (var file in Directory.EnumerateFiles(dataDirectory, "*", SearchOption.AllDirectories))
        {
            byte[] bytes;
            await using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                bytes = new byte[stream.Length];
                await stream.ReadExactlyAsync(bytes);
            }

            if (patterns.Any(pattern => bytes.AsSpan().IndexOf(pattern) >= 0))
            {
                return true;
            }
        }

        return false;
    }
}
