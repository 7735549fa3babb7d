using ConfidantBot.BotFramework.Storage;
using System.Runtime.Versioning;
using Microsoft.Data.Sqlite;

namespace ConfidantBot.BotFramework.Tests.Storage;

public sealed class SqliteStorageContractTests : StorageContractTests
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "confidantbot-storage-" + Guid.NewGuid().ToString("N"), "data");

    protected override IStorage CreateStorage(TimeProvider timeProvider) =>
        new SqliteStorage(new SqliteStorageOptions { DataDirectory = dataDirectory }, timeProvider);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        var root = Path.GetDirectoryName(dataDirectory)!;
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private string DatabaseFile => Path.Combine(dataDirectory, SqliteStorageOptions.DefaultFileName);

    [Fact]
    public async Task Data_survives_a_new_instance_on_the_same_file()
    {
        var key = new StorageKey("conversation", "c1");
        var etag = await Storage.WriteAsync(key, Bytes("before restart"), null, Clock.GetUtcNow().AddHours(1));
        await ((IAsyncDisposable)Storage).DisposeAsync();

        var reopened = Open(Clock);

        var item = await reopened.ReadAsync(key);
        Assert.Equal("before restart", Text(item));
        Assert.Equal(etag, item!.ETag);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task The_database_and_its_folder_are_readable_by_their_owner_only()
    {

        await Storage.WriteAsync(new StorageKey("routing", "r1"), Bytes("sealed"), null);

        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(DatabaseFile));
        Assert.Equal(OwnerReadWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dataDirectory));
        Assert.True(File.Exists(DatabaseFile + "-wal"));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(DatabaseFile + "-wal"));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(DatabaseFile + "-shm"));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task An_existing_database_file_with_loose_permissions_is_tightened()
    {
        Directory.CreateDirectory(dataDirectory);
        await File.WriteAllBytesAsync(DatabaseFile, []);
        File.SetUnixFileMode(DatabaseFile, OwnerReadWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        Assert.True(await Storage.IsHealthyAsync());

        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(DatabaseFile));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task An_existing_data_folder_open_to_others_is_tightened_to_0700_at_start()
    {
        Directory.CreateDirectory(dataDirectory);
        File.SetUnixFileMode(dataDirectory, OwnerReadWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        Assert.True(await Storage.IsHealthyAsync());

        Assert.Equal(OwnerReadWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dataDirectory));
    }

    [Fact]
    public async Task Deleted_data_is_not_left_readable_in_the_database_file_or_its_write_ahead_log()
    {
        const string secret = "conversation-state-canary-7f3a9c";
        var key = new StorageKey("conversation", "c-deleted");
        var kept = new StorageKey("conversation", "c-kept");
        await Storage.WriteAsync(key, Bytes(secret + new string('x', 3000)), null);
        await Storage.WriteAsync(kept, Bytes("still here"), null);
        Assert.True(FilesContain(secret), "The canary was never written, so the test could not fail.");

        Assert.True(await Storage.DeleteAsync(key));

        Assert.False(FilesContain(secret), "Deleted data can still be read from the database files.");
        Assert.Equal("still here", Text(await Storage.ReadAsync(kept)));
    }

    [Fact]
    public async Task Expired_data_removed_by_the_sweep_is_not_left_readable_in_the_files()
    {
        const string secret = "expired-state-canary-41b2e8";
        await Storage.WriteAsync(new StorageKey("conversation", "c-expiring"), Bytes(secret), null, Clock.GetUtcNow().AddMinutes(30));
        Assert.True(FilesContain(secret), "The canary was never written, so the test could not fail.");
        Clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(1, await ((SqliteStorage)Storage).DeleteExpiredAsync());

        Assert.False(FilesContain(secret), "Expired data can still be read from the database files.");
    }

    [Fact]
    public async Task Deleted_data_a_reader_kept_in_the_log_leaves_it_at_the_next_use_of_the_store()
    {
        const string secret = "reader-held-canary-5d07c1";
        var key = new StorageKey("routing", "r-held");
        var kept = new StorageKey("routing", "r-kept");
        await Storage.WriteAsync(key, Bytes(secret + new string('x', 3000)), null);
        await Storage.WriteAsync(kept, Bytes("still here"), null);

        // Another connection in the middle of a read (e.g. an answer-relay pass) keeps the log from being emptied.
        await using (var reader = new SqliteConnection($"Data Source={DatabaseFile};Pooling=False"))
        {
            await reader.OpenAsync();
            using var transaction = reader.BeginTransaction(deferred: true);
            await using (var command = reader.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = "SELECT count(*) FROM items";
                await command.ExecuteScalarAsync();
            }

            Assert.True(await Storage.DeleteAsync(key));
            Assert.True(FilesContain(secret), "The reader did not hold the log, so the test could not fail.");
        }

        Assert.Equal("still here", Text(await Storage.ReadAsync(kept)));

        Assert.False(FilesContain(secret), "Deleted data stayed in the log after the reader was gone and the store was used again.");
    }

    private bool FilesContain(string text)
    {
        var pattern = System.Text.Encoding.UTF8.GetBytes(text);
        foreach (var file in Directory.EnumerateFiles(dataDirectory))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            if (bytes.AsSpan().IndexOf(pattern) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    [Fact]
    public async Task The_database_runs_in_write_ahead_log_mode()
    {
        Assert.True(await Storage.IsHealthyAsync());

        await using var connection = new SqliteConnection($"Data Source={DatabaseFile};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", await command.ExecuteScalarAsync() as string);
    }

    [Fact]
    public async Task A_database_path_that_cannot_be_created_is_reported_unhealthy()
    {
        var blocker = Path.Combine(Path.GetDirectoryName(dataDirectory)!, "a-file");
        Directory.CreateDirectory(Path.GetDirectoryName(blocker)!);
        await File.WriteAllTextAsync(blocker, "not a folder");
        var storage = new SqliteStorage(new SqliteStorageOptions { DatabasePath = Path.Combine(blocker, "storage.db") }, Clock);

        Assert.False(await storage.IsHealthyAsync());
    }
}
