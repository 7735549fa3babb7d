using ConfidantBot.BotFramework.Storage;

namespace ConfidantBot.Tests.Routes;

/// <summary>The real <see cref="SqliteStorage"/> in a fresh temporary folder, deleted on dispose.</summary>
internal sealed class TempSqliteStore : IAsyncDisposable
{
    private bool _closed;

    public TempSqliteStore()
    {
        Folder = Directory.CreateTempSubdirectory("confidantbot-routes-").FullName;
        Storage = new SqliteStorage(new SqliteStorageOptions { DataDirectory = Folder }, TimeProvider.System);
    }

    public string Folder { get; }

    public SqliteStorage Storage { get; }

    /// <summary>Closes the database, then returns the bytes of every database file (main file, WAL, shared memory).</summary>
    public async Task<IReadOnlyList<(string Name, byte[] Bytes)>> CloseAndReadFilesAsync()
    {
        await CloseAsync();
        var files = Directory.GetFiles(Folder, "*.db*");
        var contents = new List<(string, byte[])>();
        foreach (var file in files)
        {
            contents.Add((Path.GetFileName(file), await File.ReadAllBytesAsync(file)));
        }

        return contents;
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        Directory.Delete(Folder, recursive: true);
    }

    private async Task CloseAsync()
    {
        if (!_closed)
        {
            _closed = true;
            await Storage.DisposeAsync();
        }
    }
}
