namespace ConfidantBot.Privacy.Keys;

/// <summary>
/// A value fetched at most once per period, however many callers ask at the same moment: the first
/// caller after expiry fetches while the others wait for its result. A failed fetch is not cached,
/// so the next caller tries again.
/// </summary>
internal sealed class RefreshingValue<T>(Func<CancellationToken, Task<T>> fetch, TimeProvider timeProvider, TimeSpan period)
    where T : class
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private Entry? current;

    public async ValueTask<T> GetAsync(CancellationToken cancellationToken)
    {
        if (TryGetFresh(out var value))
        {
            return value;
        }

        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (TryGetFresh(out value))
            {
                return value;
            }

            value = await fetch(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref current, new Entry(value, timeProvider.GetUtcNow() + period));
            return value;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Stores a value obtained elsewhere (e.g. the current key, which is also a version), unless a fresh one is held.</summary>
    public void Offer(T value)
    {
        if (!TryGetFresh(out _))
        {
            Volatile.Write(ref current, new Entry(value, timeProvider.GetUtcNow() + period));
        }
    }

    private bool TryGetFresh(out T value)
    {
        var entry = Volatile.Read(ref current);
        if (entry is not null && timeProvider.GetUtcNow() < entry.FreshUntil)
        {
            value = entry.Value;
            return true;
        }

        value = null!;
        return false;
    }

    private sealed record Entry(T Value, DateTimeOffset FreshUntil);
}
