using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConfidantBot.Privacy.Keys;

/// <summary>
/// Local mode's key store: <c>keys.json</c> in the data folder, created on first start with
/// owner-only permissions (file 0600, new folder 0700). Holds numbered data key versions and one
/// HMAC key. Several app instances on one machine share the file.
/// </summary>
/// <remarks>Losing this file makes every sealed record unreadable; that is the point of it.</remarks>
public sealed partial class LocalKeyFileProvider : IKeyProvider
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = OwnerReadWrite | UnixFileMode.UserExecute;

    private static readonly JsonSerializerOptions FileJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly string path;
    private readonly TimeProvider timeProvider;
    private readonly ILogger<LocalKeyFileProvider> logger;
    private readonly SemaphoreSlim gate = new(1, 1);
    private LoadedKeys? loaded;

    public LocalKeyFileProvider(IOptions<LocalKeyFileOptions> options, TimeProvider timeProvider, ILogger<LocalKeyFileProvider> logger)
    {
        path = Path.GetFullPath(options.Value.KeyFilePath);
        this.timeProvider = timeProvider;
        this.logger = logger;
    }

    public string KeyFilePath => path;

    public async ValueTask<VersionedKey> GetCurrentDataKeyAsync(CancellationToken cancellationToken = default) =>
        (await GetKeysAsync(cancellationToken).ConfigureAwait(false)).CurrentDataKey;

    public async ValueTask<ReadOnlyMemory<byte>> GetDataKeyAsync(string version, CancellationToken cancellationToken = default)
    {
        var keys = await GetKeysAsync(cancellationToken).ConfigureAwait(false);
        if (keys.DataKeys.TryGetValue(version, out var key))
        {
            return key;
        }

        // Another instance or a tool may have rotated since this one read the file.
        keys = await ReloadAsync(cancellationToken).ConfigureAwait(false);
        return keys.DataKeys.TryGetValue(version, out key) ? key : throw new UnknownKeyVersionException(version);
    }

    public async ValueTask<VersionedKey> GetHmacKeyAsync(CancellationToken cancellationToken = default) =>
        (await GetKeysAsync(cancellationToken).ConfigureAwait(false)).HmacKey;

    /// <summary>Adds a new data key version and makes it current. Older versions stay, so old records still open.</summary>
    public async Task<VersionedKey> RotateDataKeyAsync(CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var file = await ReadOrCreateFileAsync(cancellationToken).ConfigureAwait(false);
            var nextVersion = file.DataKeys.Select(k => int.TryParse(k.Version, out var n) ? n : 0).DefaultIfEmpty(0).Max() + 1;
            var rotated = file with { DataKeys = [.. file.DataKeys, NewEntry(nextVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))] };
            await WriteFileAsync(rotated, overwrite: true, cancellationToken).ConfigureAwait(false);
            loaded = LoadedKeys.From(rotated, path);
            LogRotated(logger, loaded.CurrentDataKey.Version);
            return loaded.CurrentDataKey;
        }
        finally
        {
            gate.Release();
        }
    }

    private async ValueTask<LoadedKeys> GetKeysAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref loaded) ?? await ReloadAsync(cancellationToken).ConfigureAwait(false);

    private async Task<LoadedKeys> ReloadAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var keys = LoadedKeys.From(await ReadOrCreateFileAsync(cancellationToken).ConfigureAwait(false), path);
            Volatile.Write(ref loaded, keys);
            return keys;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<KeyFile> ReadOrCreateFileAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            // File.Move without overwrite checks and then renames, so two instances starting at once
            // could each move their own new key into place and seal with different keys. The first
            // start is therefore serialised by an exclusive lock on a file beside the key file.
            using var creation = await LockCreationAsync(cancellationToken).ConfigureAwait(false);
            if (!File.Exists(path))
            {
                var created = new KeyFile(1, [NewEntry("1")], NewEntry("1"));
                if (await WriteFileAsync(created, overwrite: false, cancellationToken).ConfigureAwait(false))
                {
                    LogCreated(logger, path);
                    return created;
                }
            }
        }

        return await ReadFileAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<FileStream> LockCreationAsync(CancellationToken cancellationToken)
    {
        EnsureFolder();
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerReadWrite;
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return new FileStream(path + ".lock", options);
            }
            catch (IOException) when (attempt < 200)
            {
                // Another instance is creating the key file; it takes milliseconds.
                await Task.Delay(TimeSpan.FromMilliseconds(25), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void EnsureFolder()
    {
        var folder = Path.GetDirectoryName(path)!;
        if (Directory.Exists(folder))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, OwnerOnlyFolder);
        }
    }

    private async Task<KeyFile> ReadFileAsync(CancellationToken cancellationToken)
    {
        TightenPermissions();
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
            return await JsonSerializer.DeserializeAsync<KeyFile>(stream, FileJson, cancellationToken).ConfigureAwait(false)
                ?? throw Damaged("it is empty");
        }
        catch (JsonException ex)
        {
            throw Damaged("it is not valid JSON", ex);
        }
        catch (IOException ex)
        {
            throw new KeyUnavailableException($"The local key file {path} cannot be read: {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new KeyUnavailableException($"The local key file {path} cannot be read by this user.", ex);
        }
    }

    /// <returns>False when <paramref name="overwrite"/> is false and another instance created the file first.</returns>
    private async Task<bool> WriteFileAsync(KeyFile file, bool overwrite, CancellationToken cancellationToken)
    {
        EnsureFolder();

        // Written beside the target and moved into place, so no reader ever sees half a file.
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var streamOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows())
        {
            streamOptions.UnixCreateMode = OwnerReadWrite;
        }

        try
        {
            await using (var stream = new FileStream(temporary, streamOptions))
            {
                await JsonSerializer.SerializeAsync(stream, file, FileJson, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, path, overwrite);
            return true;
        }
        catch (IOException) when (!overwrite && File.Exists(path))
        {
            return false;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private void TightenPermissions()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & ~OwnerReadWrite) != 0)
        {
            File.SetUnixFileMode(path, mode & OwnerReadWrite);
            LogPermissionsTightened(logger, path);
        }
    }

    private KeyFileEntry NewEntry(string version) =>
        new(version, Convert.ToBase64String(RandomNumberGenerator.GetBytes(VersionedKey.Length)), timeProvider.GetUtcNow());

    private KeyUnavailableException Damaged(string reason, Exception? inner = null)
    {
        var message = $"The local key file {path} is damaged ({reason}). Restore it from a backup; deleting it makes every sealed record unreadable.";
        return inner is null ? new KeyUnavailableException(message) : new KeyUnavailableException(message, inner);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created local key file {KeyFilePath}")]
    private static partial void LogCreated(ILogger logger, string keyFilePath);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rotated the local data key; new seals use version {KeyVersion}")]
    private static partial void LogRotated(ILogger logger, string keyVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The local key file {KeyFilePath} was readable by others; its permissions were set to owner-only")]
    private static partial void LogPermissionsTightened(ILogger logger, string keyFilePath);

    private sealed record KeyFile(int Format, IReadOnlyList<KeyFileEntry> DataKeys, KeyFileEntry HmacKey);

    private sealed record KeyFileEntry(string Version, string Key, DateTimeOffset Created);

    private sealed record LoadedKeys(IReadOnlyDictionary<string, ReadOnlyMemory<byte>> DataKeys, VersionedKey CurrentDataKey, VersionedKey HmacKey)
    {
        public static LoadedKeys From(KeyFile file, string path)
        {
            if (file.DataKeys is not { Count: > 0 } || file.HmacKey is null)
            {
                throw new KeyUnavailableException($"The local key file {path} is damaged (no data key or no HMAC key). Restore it from a backup.");
            }

            var dataKeys = file.DataKeys.ToDictionary(e => e.Version, e => (ReadOnlyMemory<byte>)Decode(e, path), StringComparer.Ordinal);
            var current = file.DataKeys[^1];
            return new LoadedKeys(dataKeys, new VersionedKey(current.Version, dataKeys[current.Version]), new VersionedKey(file.HmacKey.Version, Decode(file.HmacKey, path)));
        }

        private static byte[] Decode(KeyFileEntry entry, string path)
        {
            var buffer = new byte[VersionedKey.Length + 1];
            if (string.IsNullOrEmpty(entry.Version)
                || !Convert.TryFromBase64String(entry.Key ?? "", buffer, out var written)
                || written != VersionedKey.Length)
            {
                throw new KeyUnavailableException($"The local key file {path} is damaged (a key is not base64 of {VersionedKey.Length} bytes). Restore it from a backup.");
            }

            return buffer[..VersionedKey.Length];
        }
    }
}
