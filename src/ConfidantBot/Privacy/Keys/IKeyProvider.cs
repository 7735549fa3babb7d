namespace ConfidantBot.Privacy.Keys;

/// <summary>
/// Supplies the two secrets the privacy core needs: a data key that seals routing records
/// (AES-256-GCM) and an HMAC key for person look-ups. Both are 32 bytes.
/// </summary>
/// <remarks>
/// Implementations cache keys; callers ask on every use and must not keep keys themselves, so
/// rotation takes effect within one cache period. Returned key bytes are shared: never modify them.
/// </remarks>
public interface IKeyProvider
{
    /// <summary>The newest data key: new seals use it.</summary>
    /// <exception cref="KeyUnavailableException">The key store cannot be reached or is misconfigured.</exception>
    ValueTask<VersionedKey> GetCurrentDataKeyAsync(CancellationToken cancellationToken = default);

    /// <summary>The data key of one version, to open a record sealed earlier.</summary>
    /// <exception cref="UnknownKeyVersionException">No key of that version exists.</exception>
    /// <exception cref="KeyUnavailableException">The key store cannot be reached or is misconfigured.</exception>
    ValueTask<ReadOnlyMemory<byte>> GetDataKeyAsync(string version, CancellationToken cancellationToken = default);

    /// <summary>The HMAC key for person look-ups.</summary>
    /// <exception cref="KeyUnavailableException">The key store cannot be reached or is misconfigured.</exception>
    ValueTask<VersionedKey> GetHmacKeyAsync(CancellationToken cancellationToken = default);
}

/// <summary>A key and the version under which its store knows it.</summary>
public sealed record VersionedKey(string Version, ReadOnlyMemory<byte> Material)
{
    /// <summary>Every key here is 256 bits.</summary>
    public const int Length = 32;

    // Keeps key bytes out of logs and exception messages that print the record.
    public override string ToString() => $"key version {Version}";
}
