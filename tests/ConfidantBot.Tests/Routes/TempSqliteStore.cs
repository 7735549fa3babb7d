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

    /// <summary>Closes the database, then returns the bytes of every database file.</summary>
    public async Task<IReadOnlyList<(string Name, byte[] Bytes)>> CloseAndReadFilesAsync()
    {
        await CloseAsync();
        return await ReadFilesAsync();
    }

    /// <summary>The bytes of every database file (main file, write-ahead log, shared memory) as they are now, even while open.</summary>
    public async Task<IReadOnlyList<(string Name, byte[] Bytes)>> ReadFilesAsync()
    {
        var contents = new List<(string, byte[])>();
        foreach (var file in Directory.GetFiles(Folder, "*.db*"))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer);
            contents.Add((Path.GetFileName(file), buffer.ToArray()));
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
