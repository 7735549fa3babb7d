namespace ConfidantBot.BotFramework.Storage;

/// <summary>Argument checks every <see cref="IStorage"/> implementation shares, so both answer bad input alike.</summary>
internal static class StorageKeyGuard
{
    public static void ThrowIfInvalid(StorageKey key)
    {
        if (string.IsNullOrEmpty(key.Partition) || string.IsNullOrEmpty(key.Id))
        {
            throw new ArgumentException("A storage key needs a non-empty partition and id.", nameof(key));
        }
    }

    public static void ThrowIfInvalidPartition(string partition)
    {
        if (string.IsNullOrEmpty(partition))
        {
            throw new ArgumentException("A partition name must not be empty.", nameof(partition));
        }
    }

    public static void ThrowIfInvalidETag(string? ifMatch)
    {
        if (ifMatch is not null && ifMatch.Length == 0)
        {
            throw new ArgumentException("An empty ETag matches nothing: pass null for create-only or ETags.Any for an unconditional write.", nameof(ifMatch));
        }
    }

    /// <summary>Both stores keep expiry to the millisecond; trimming up front makes a read return exactly what was written.</summary>
    public static DateTimeOffset? ToStoredPrecision(DateTimeOffset? expiresAt) =>
        expiresAt is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value.ToUnixTimeMilliseconds()) : null;
}
