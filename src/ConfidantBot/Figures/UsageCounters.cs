using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using ConfidantBot.BotFramework.Storage;
using Microsoft.Extensions.Options;
using NodaTime;

namespace ConfidantBot.Figures;

/// <summary>
/// <see cref="IUsageCounters"/> on <see cref="IStorage"/>: one item per month, counter and dimension
/// values, holding only the number as text. Increments are read–add–write with the item's ETag, so
/// two instances that write at once make one of them retry instead of losing a count. Increments of
/// one counter that arrive while it is being written are written together next (<see cref="PendingIncrements"/>).
/// </summary>
public sealed partial class UsageCounters(IStorage storage, TimeProvider clock, IOptions<FiguresOptions> options, ILogger<UsageCounters> logger) : IUsageCounters
{
    internal static readonly DateTimeZone Amsterdam = DateTimeZoneProviders.Tzdb["Europe/Amsterdam"];

    // One entry per counter key seen by this instance (a few hundred a month at most).
    private readonly ConcurrentDictionary<StorageKey, PendingIncrements> _pendingByKey = new();

    public async Task RecordAsync(UsageEvent usage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(usage);
        var month = CurrentMonth(clock);
        var key = CounterKey.For(usage, month.Year, month.Month).ToStorageKey();
        try
        {
            var pending = _pendingByKey.GetOrAdd(key, static _ => new PendingIncrements());
            if (!await pending.AddAsync(amount => TryIncrementAsync(key, amount)).WaitAsync(cancellationToken).ConfigureAwait(false))
            {
                LogContended(logger, usage.Counter, options.Value.MaxIncrementAttempts);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Figures are a by-product: a failing store must not fail the person's guide or booking.
            LogFailed(logger, usage.Counter, exception.GetType().Name);
        }
    }

    internal static YearMonth CurrentMonth(TimeProvider clock)
    {
        var local = Instant.FromDateTimeOffset(clock.GetUtcNow()).InZone(Amsterdam).Date;
        return new YearMonth(local.Year, local.Month);
    }

    // The write is shared by every caller whose increment it carries, so no single caller's token cancels it.
    private async Task<bool> TryIncrementAsync(StorageKey key, long amount)
    {
        var cancellationToken = CancellationToken.None;
        var attempts = options.Value.MaxIncrementAttempts;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            var current = await storage.ReadAsync(key, cancellationToken).ConfigureAwait(false);
            var next = (current is null ? 0 : ParseCount(current.Data.Span)) + amount;
            try
            {
                await storage.WriteAsync(key, Encoding.ASCII.GetBytes(next.ToString(CultureInfo.InvariantCulture)), current?.ETag, expiresAt: null, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (StorageConflictException)
            {
                // Someone else counted at the same moment: wait a little (randomised, so the
                // contenders spread out) and count again on top of their value.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 2 + Math.Min(attempt * 4, 50))), cancellationToken).ConfigureAwait(false);
            }
        }

        return false;
    }

    internal static long ParseCount(ReadOnlySpan<byte> data) =>
        Utf8Parser.TryParse(data, out long value, out var consumed) && consumed == data.Length && value >= 0
            ? value
            : throw new FormatException("A stored figure is not a count.");

    [LoggerMessage(EventId = 901, Level = LogLevel.Warning, Message = "A {Counter} count was not recorded: {Attempts} attempts all met a concurrent write.")]
    private static partial void LogContended(ILogger logger, UsageCounter counter, int attempts);

    [LoggerMessage(EventId = 902, Level = LogLevel.Warning, Message = "A {Counter} count was not recorded: the store failed with {ExceptionType}.")]
    private static partial void LogFailed(ILogger logger, UsageCounter counter, string exceptionType);
}

/// <summary>
/// Group commit for one counter: while a write of the counter is under way, further increments wait
/// and are then written together as one read-and-add. Under a burst the store sees about one write per
/// round trip instead of one per event (and far fewer ETag conflicts); every caller still returns only
/// once its increment is stored.
/// </summary>
internal sealed class PendingIncrements
{
    private readonly Lock _gate = new();
    private long _amount;
    private TaskCompletionSource<bool>? _stored;
    private bool _writing;

    /// <summary>Adds one; the task completes with the outcome of the write that carries it.</summary>
    public Task<bool> AddAsync(Func<long, Task<bool>> write)
    {
        TaskCompletionSource<bool> stored;
        bool startWriting;
        lock (_gate)
        {
            _amount++;
            stored = _stored ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            startWriting = !_writing;
            _writing = true;
        }

        if (startWriting)
        {
            _ = WriteUntilEmptyAsync(write);
        }

        return stored.Task;
    }

    private async Task WriteUntilEmptyAsync(Func<long, Task<bool>> write)
    {
        while (true)
        {
            long amount;
            TaskCompletionSource<bool> stored;
            lock (_gate)
            {
                if (_amount == 0)
                {
                    _writing = false;
                    return;
                }

                (amount, stored) = (_amount, _stored!);
                (_amount, _stored) = (0, null);
            }

            try
            {
                stored.SetResult(await write(amount).ConfigureAwait(false));
            }
            catch (Exception exception)
            {
                stored.SetException(exception);
            }
        }
    }
}
