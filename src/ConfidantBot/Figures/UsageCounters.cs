using System.Buffers.Text;
using System.Globalization;
using System.Text;
using ConfidantBot.BotFramework.Storage;
using Microsoft.Extensions.Options;
using NodaTime;

namespace ConfidantBot.Figures;

/// <summary>
/// <see cref="IUsageCounters"/> on <see cref="IStorage"/>: one item per month, counter and dimension
/// values, holding only the number as text. Increments are read–add–write with the item's ETag, so
/// two instances that write at once make one of them retry instead of losing a count.
/// </summary>
public sealed partial class UsageCounters(IStorage storage, TimeProvider clock, IOptions<FiguresOptions> options, ILogger<UsageCounters> logger) : IUsageCounters
{
    internal static readonly DateTimeZone Amsterdam = DateTimeZoneProviders.Tzdb["Europe/Amsterdam"];

    public async Task RecordAsync(UsageEvent usage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(usage);
        var month = CurrentMonth(clock);
        var key = CounterKey.For(usage, month.Year, month.Month).ToStorageKey();
        try
        {
            if (!await TryIncrementAsync(key, cancellationToken).ConfigureAwait(false))
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

    /// <summary>The month now in Europe/Amsterdam: the only time a counter knows.</summary>
    internal static YearMonth CurrentMonth(TimeProvider clock)
    {
        var local = Instant.FromDateTimeOffset(clock.GetUtcNow()).InZone(Amsterdam).Date;
        return new YearMonth(local.Year, local.Month);
    }

    private async Task<bool> TryIncrementAsync(StorageKey key, CancellationToken cancellationToken)
    {
        var attempts = options.Value.MaxIncrementAttempts;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            var current = await storage.ReadAsync(key, cancellationToken).ConfigureAwait(false);
            var next = (current is null ? 0 : ParseCount(current.Data.Span)) + 1;
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
